import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { configProblems } from '../../src/health/route'
import { fetchWithEnv } from '../ingest/rows'

const slack = { name: 'slack-live', type: 'slack', url_secret: 'SLACK_LIVE_URL' }

function health(changes: Parameters<typeof fetchWithEnv>[1]) {
  return fetchWithEnv(new Request('http://relay.test/health'), changes)
}

describe('GET /health', () => {
  it('answers 200 when D1 answers and the configuration is complete', async () => {
    const response = await exports.default.fetch('http://relay.test/health')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ ok: true, database: 'ok', config: 'ok', problems: [] })
  })

  it('answers 503 and says why when INGEST_TOKEN is not set', async () => {
    const response = await health({ INGEST_TOKEN: undefined })
    expect(response.status).toBe(503)
    expect(await response.json()).toEqual({
      ok: false,
      database: 'ok',
      config: 'invalid',
      problems: ['INGEST_TOKEN is not set: every /hooks call answers 503'],
    })
  })

  it('answers 503 when D1 cannot be reached', async () => {
    const DB = {
      prepare() {
        throw new Error('D1_ERROR: Network connection lost.')
      },
    } as unknown as D1Database
    const response = await health({ DB })
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({
      ok: false,
      database: 'unreachable or not migrated',
    })
  })

  it('stays up without ADMIN_TOKEN but lists it', async () => {
    const response = await health({ ADMIN_TOKEN: undefined })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      ok: true,
      config: 'incomplete',
      problems: ['ADMIN_TOKEN is not set: /api and /dashboard answer 503'],
    })
  })

  it('answers 503 for an invalid TARGETS config, naming the target and field', async () => {
    const response = await health({ TARGETS: [{ name: 'Bad Name', type: 'slack', url: 'x' }] })
    expect(response.status).toBe(503)
    const json = await response.json<{ config: string; problems: string[] }>()
    expect(json.config).toBe('invalid')
    expect(json.problems[0]).toBe(
      'TARGETS is invalid, none is used: target "Bad Name" (TARGETS[0]): name: must be 1-64 of a-z 0-9 _ -'
    )
  })

  it('names a target secret that is not set, never a secret value', async () => {
    const response = await health({ TARGETS: [slack], SLACK_LIVE_URL: undefined })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      config: 'incomplete',
      problems: ['target "slack-live": secret SLACK_LIVE_URL is not set'],
    })
  })

  it('shows no secret value anywhere in its answer', async () => {
    const secretUrl = 'https://hooks.slack.com/services/T000/B000/very-secret'
    const response = await health({ TARGETS: [slack], SLACK_LIVE_URL: secretUrl })
    const text = await response.text()
    for (const secret of [secretUrl, env.INGEST_TOKEN!, env.ADMIN_TOKEN!]) {
      expect(text).not.toContain(secret)
    }
    expect(JSON.parse(text)).toEqual({ ok: true, database: 'ok', config: 'ok', problems: [] })
  })
})

describe('configProblems', () => {
  it('checks the signing secret of a webhook target too', () => {
    const target = { name: 'svc', type: 'webhook', url: 'https://a/', signing_secret: 'SVC_KEY' }
    expect(configProblems({ ...env, TARGETS: [target] })).toEqual({
      fatal: false,
      problems: ['target "svc": secret SVC_KEY is not set'],
    })
  })
})
