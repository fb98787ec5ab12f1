import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { count } from '../helpers'
import {
  answer,
  eventsOfChannel,
  fetchWithEnv,
  probeHook,
  quarantineRows,
  recordingFields,
} from './rows'

/** A D1 binding that is down: every call throws, as when D1 is unreachable. */
const downDb = {
  prepare() {
    throw new Error('D1_ERROR: Network connection lost.')
  },
  batch() {
    return Promise.reject(new Error('D1_ERROR: Network connection lost.'))
  },
} as unknown as D1Database

/** A D1 binding whose batches fail but single statements work (an overloaded database). */
const failingBatchDb = {
  prepare: (query: string) => env.DB.prepare(query),
  batch: () => Promise.reject(new Error('D1_ERROR: Database overloaded. Please try again.')),
} as unknown as D1Database

const STORAGE_UNAVAILABLE = {
  ok: false,
  error: {
    code: 'storage_unavailable',
    message: 'The event could not be stored; retry later.',
    issues: [],
  },
}

function post(url: string, body: string, contentType = 'application/json') {
  return new Request(url, { method: 'POST', headers: { 'content-type': contentType }, body })
}

describe('hook: storage failure', () => {
  it('answers 503, never 200, when D1 is down, and claims nothing was stored', async () => {
    const fields = recordingFields()
    const response = await fetchWithEnv(post(probeHook().url, JSON.stringify(fields)), {
      DB: downDb,
    })
    expect(response.status).toBe(503)
    const json = await answer(response)
    expect(json).toEqual(STORAGE_UNAVAILABLE)
    expect(json).not.toHaveProperty('event_id')
    expect(await eventsOfChannel(fields.id)).toEqual([])
  })

  it('answers 503 when the event batch fails, and stores the event once D1 is back', async () => {
    const fields = recordingFields()
    const { url } = probeHook()
    const failed = await fetchWithEnv(post(url, JSON.stringify(fields)), { DB: failingBatchDb })
    expect(failed.status).toBe(503)
    expect(await count('recordings', 'channel_id = ?', fields.id)).toBe(0)

    const retried = await exports.default.fetch(post(url, JSON.stringify(fields)))
    expect(retried.status).toBe(200)
    expect(await answer(retried)).toMatchObject({ ok: true, duplicate: false })
  })

  it('answers 503 for a refused request whose quarantine row cannot be written', async () => {
    const response = await fetchWithEnv(post(probeHook().url, '{"hello":"world"}'), {
      DB: downDb,
    })
    expect(response.status).toBe(503)
    expect(await answer(response)).toEqual(STORAGE_UNAVAILABLE)
  })

  it('answers 503 for a GET channel event when D1 is down', async () => {
    const chid = `ch-${crypto.randomUUID()}`
    const response = await fetchWithEnv(new Request(probeHook({ chid, action: 'close' }).url), {
      DB: downDb,
    })
    expect(response.status).toBe(503)
  })
})

describe('hook: quarantine', () => {
  it('keeps a 422 request with its reason, issues and raw body', async () => {
    const { url, probe } = probeHook()
    const body = '{"id":"ch-1","filesize":"12"}'
    const response = await exports.default.fetch(post(url, body))
    expect(response.status).toBe(422)
    expect(await answer(response)).toEqual({
      ok: false,
      error: {
        code: 'invalid_event',
        message: 'Invalid recording event: check `url`.',
        issues: [{ field: 'url', message: 'required' }],
      },
    })
    expect(await quarantineRows(probe)).toEqual([
      {
        status: 422,
        code: 'invalid_event',
        reason: 'Invalid recording event: check `url`.',
        issues: [{ field: 'url', message: 'required' }],
        raw_method: 'POST',
        raw_content_type: 'application/json',
        raw_body: body,
        raw_query: JSON.stringify({ probe }),
      },
    ])
  })

  it('keeps a 422 GET channel event with a bad action, query included', async () => {
    const { url, probe } = probeHook({ chid: 'ch-2', action: 'pause' })
    const response = await exports.default.fetch(url)
    expect(response.status).toBe(422)
    const [row] = await quarantineRows(probe)
    expect(row).toMatchObject({ status: 422, raw_method: 'GET', raw_body: '' })
    expect(JSON.parse(row!.raw_query)).toEqual({ chid: 'ch-2', action: 'pause', probe })
    expect(row?.issues).toEqual([{ field: 'action', message: 'must be "create" or "close"' }])
  })

  it('keeps a 422 JSON array body', async () => {
    const { url, probe } = probeHook()
    const response = await exports.default.fetch(post(url, '[{"id":"a"}]'))
    expect(response.status).toBe(422)
    expect((await quarantineRows(probe))[0]).toMatchObject({
      code: 'not_an_object',
      raw_body: '[{"id":"a"}]',
    })
  })

  it('keeps a 400 broken JSON body with the parser reason', async () => {
    const { url, probe } = probeHook()
    const response = await exports.default.fetch(post(url, '{"id": "한글", "url":'))
    expect(response.status).toBe(400)
    const [row] = await quarantineRows(probe)
    expect(row).toMatchObject({
      status: 400,
      code: 'invalid_json',
      raw_body: '{"id": "한글", "url":',
    })
    expect(row?.reason).toMatch(/^The body is not valid JSON: /)
  })

  it('keeps a refused EUC-KR body decoded by its charset', async () => {
    const { url, probe } = probeHook()
    // {"id":"한글", — broken JSON whose Hangul is in EUC-KR bytes.
    const body = new Uint8Array([...new TextEncoder().encode('{"id":"'), 0xc7, 0xd1, 0xb1, 0xdb])
    const response = await exports.default.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=euc-kr' },
      body,
    })
    expect(response.status).toBe(400)
    expect((await quarantineRows(probe))[0]?.raw_body).toBe('{"id":"한글')
  })

  it('keeps a 400 text body that is neither JSON nor a form', async () => {
    const { url, probe } = probeHook()
    const response = await exports.default.fetch(post(url, 'recording done!', 'text/plain'))
    expect(response.status).toBe(400)
    expect((await quarantineRows(probe))[0]).toMatchObject({
      code: 'unparseable_body',
      raw_body: 'recording done!',
      raw_content_type: 'text/plain',
    })
  })

  it('keeps a 415 body with its content type', async () => {
    const { url, probe } = probeHook()
    const response = await exports.default.fetch(post(url, 'GIF89a', 'image/gif'))
    expect(response.status).toBe(415)
    expect((await quarantineRows(probe))[0]).toMatchObject({
      status: 415,
      reason: 'Unsupported Content-Type "image/gif".',
      raw_content_type: 'image/gif',
      raw_body: 'GIF89a',
    })
  })

  it('keeps nothing for a 404, 405 or 413', async () => {
    const wrong = probeHook()
    await exports.default.fetch(wrong.url.replace('test-ingest-token', 'wrong'), {
      method: 'POST',
      body: '{}',
    })
    const refused = probeHook()
    await exports.default.fetch(refused.url, { method: 'DELETE' })
    const large = probeHook()
    await exports.default.fetch(large.url, { method: 'POST', body: 'x'.repeat(70_000) })
    for (const { probe } of [wrong, refused, large]) expect(await quarantineRows(probe)).toEqual([])
  })
})
