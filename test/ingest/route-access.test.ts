import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import {
  answer,
  eventsOfChannel,
  fetchWithEnv,
  probeHook,
  quarantineRows,
  recordingFields,
  TOKEN,
} from './rows'

function postTo(url: string, body: unknown = recordingFields()) {
  return exports.default.fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

describe('hook: route and token', () => {
  it('accepts the hook URL with a trailing slash', async () => {
    const response = await postTo(probeHook({}, true).url)
    expect(response.status).toBe(200)
    expect(response.headers.get('location')).toBeNull()
  })

  it('accepts the hook URL without a trailing slash, without redirecting', async () => {
    const { url } = probeHook({}, false)
    expect(new URL(url).pathname).toBe(`/hooks/${TOKEN}`)
    const response = await postTo(url)
    expect(response.status).toBe(200)
    expect(await answer(response)).toMatchObject({ ok: true, duplicate: false })
  })

  it('answers 404 with the error envelope for a wrong token and stores nothing', async () => {
    const fields = recordingFields()
    const { url, probe } = probeHook()
    const response = await postTo(url.replace(TOKEN, 'not-the-token'), fields)
    expect(response.status).toBe(404)
    expect(await answer(response)).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No such route.', issues: [] },
    })
    expect(await eventsOfChannel(fields.id)).toEqual([])
    expect(await quarantineRows(probe)).toEqual([])
  })

  it('answers the same 404 for a token that differs only in its last character', async () => {
    const response = await postTo(`http://relay.test/hooks/${TOKEN.slice(0, -1)}X`)
    expect(response.status).toBe(404)
    expect((await answer(response)).error?.code).toBe('not_found')
  })

  it('answers 404 for a wrong token even with a method the hook refuses', async () => {
    const response = await exports.default.fetch('http://relay.test/hooks/wrong/', {
      method: 'DELETE',
    })
    expect(response.status).toBe(404)
    expect(response.headers.get('allow')).toBeNull()
  })

  it('accepts INGEST_TOKEN_NEXT during a rotation', async () => {
    const response = await postTo(`http://relay.test/hooks/${env.INGEST_TOKEN_NEXT}/`)
    expect(response.status).toBe(200)
    expect(await answer(response)).toMatchObject({ ok: true, type: 'recording.completed' })
  })

  it('answers 404 for /hooks without a token', async () => {
    const response = await exports.default.fetch('http://relay.test/hooks/')
    expect(response.status).toBe(404)
  })
})

describe('hook: methods', () => {
  for (const method of ['DELETE', 'PATCH', 'OPTIONS']) {
    it(`answers 405 with Allow for ${method} and quarantines nothing`, async () => {
      const { url, probe } = probeHook()
      const response = await exports.default.fetch(url, { method })
      expect(response.status).toBe(405)
      expect(response.headers.get('allow')).toBe('GET, POST, PUT')
      expect(await answer(response)).toEqual({
        ok: false,
        error: {
          code: 'method_not_allowed',
          message: `${method} is not accepted here.`,
          issues: [],
        },
      })
      expect(await quarantineRows(probe)).toEqual([])
    })
  }

  it('answers 405 with Allow and no body for HEAD', async () => {
    const response = await exports.default.fetch(probeHook().url, { method: 'HEAD' })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET, POST, PUT')
  })
})

describe('hook: missing configuration', () => {
  it('answers 503 with a hint to every call when INGEST_TOKEN is not set', async () => {
    for (const token of [TOKEN, 'anything']) {
      const request = new Request(`http://relay.test/hooks/${token}/`, {
        method: 'POST',
        body: JSON.stringify(recordingFields()),
      })
      const response = await fetchWithEnv(request, { INGEST_TOKEN: undefined })
      expect(response.status).toBe(503)
      expect(await answer(response)).toEqual({
        ok: false,
        error: {
          code: 'not_configured',
          message: 'INGEST_TOKEN is not set: run `wrangler secret put INGEST_TOKEN`.',
          issues: [],
        },
      })
    }
  })

  it('treats an empty INGEST_TOKEN as not set, so an empty token never opens the hook', async () => {
    const request = new Request('http://relay.test/hooks/%20/', { method: 'GET' })
    const response = await fetchWithEnv(request, { INGEST_TOKEN: '', INGEST_TOKEN_NEXT: '' })
    expect(response.status).toBe(503)
  })

  it('accepts the old token alone once INGEST_TOKEN_NEXT is removed', async () => {
    const request = new Request(probeHook().url, {
      method: 'POST',
      body: JSON.stringify(recordingFields()),
    })
    const response = await fetchWithEnv(request, { INGEST_TOKEN_NEXT: undefined })
    expect(response.status).toBe(200)
  })

  it('refuses the next token once INGEST_TOKEN_NEXT is removed', async () => {
    const url = `http://relay.test/hooks/${env.INGEST_TOKEN_NEXT}/`
    const response = await fetchWithEnv(new Request(url), { INGEST_TOKEN_NEXT: undefined })
    expect(response.status).toBe(404)
  })
})
