import { env, exports } from 'cloudflare:workers'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fetchWithEnv, probeHook, recordingFields, TOKEN } from './rows'

let logged: { level: string; fields: Record<string, unknown> }[] = []

beforeEach(() => {
  logged = []
  for (const level of ['log', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((fields: Record<string, unknown>) => {
      logged.push({ level, fields })
    })
  }
})

afterEach(() => {
  vi.restoreAllMocks()
})

/** The hook's own log lines (delivery runners may log too, in the background). */
const hookLogs = () =>
  logged.filter(({ fields }) => /^(event|hook|quarantine)\./.test(String(fields.msg)))

function post(url: string, body: unknown) {
  return exports.default.fetch(url, { method: 'POST', body: JSON.stringify(body) })
}

describe('hook: structured logs', () => {
  it('logs an accepted event and then its duplicate, one object each', async () => {
    const fields = recordingFields()
    await post(probeHook().url, fields)
    await post(probeHook().url, fields)
    expect(hookLogs().map(({ level, fields }) => [level, fields.msg, fields.channel_id])).toEqual([
      ['log', 'event.accepted', fields.id],
      ['log', 'event.duplicate', fields.id],
    ])
    expect(hookLogs()[0]?.fields).toMatchObject({ type: 'recording.completed', warnings: [] })
  })

  it('logs a rejected event with its quarantine id and issues', async () => {
    await post(probeHook().url, { id: 'only-an-id' })
    const [line] = hookLogs()
    expect(line?.level).toBe('warn')
    expect(line?.fields).toMatchObject({
      msg: 'event.rejected',
      status: 422,
      code: 'invalid_event',
      issues: [{ field: 'url', message: 'required' }],
    })
    expect(String(line?.fields.quarantine_id)).toMatch(/^qtn_/)
  })

  it('logs refused requests without the token', async () => {
    await post('http://relay.test/hooks/wrong-token/', {})
    await exports.default.fetch(probeHook().url, { method: 'DELETE' })
    await exports.default.fetch(probeHook().url, { method: 'POST', body: 'x'.repeat(70_000) })
    expect(hookLogs().map(({ fields }) => fields)).toEqual([
      { msg: 'hook.refused', method: 'POST', status: 404, code: 'not_found' },
      { msg: 'hook.refused', method: 'DELETE', status: 405, code: 'method_not_allowed' },
      { msg: 'hook.refused', method: 'POST', status: 413, code: 'payload_too_large' },
    ])
  })

  it('logs a storage failure as an error, without any secret', async () => {
    const DB = {
      batch: () => Promise.reject(new Error('D1_ERROR: Network connection lost.')),
    } as unknown as D1Database
    const request = new Request(probeHook().url, {
      method: 'POST',
      body: JSON.stringify(recordingFields()),
    })
    await fetchWithEnv(request, { DB })
    expect(hookLogs().map(({ level, fields }) => [level, fields.msg])).toEqual([
      ['error', 'event.store_failed'],
    ])
    const text = JSON.stringify(logged)
    for (const secret of [TOKEN, env.INGEST_TOKEN_NEXT!, env.ADMIN_TOKEN!]) {
      expect(text).not.toContain(secret)
    }
  })
})
