import { exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { answer, eventRow, probeHook, quarantineRows, recordingFields } from './rows'

/** POSTs a body with a Content-Type (or none) and returns the answer and the stored event. */
async function post(contentType: string | null, body: BodyInit, query = {}) {
  const { url, probe } = probeHook(query)
  const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {}
  const response = await exports.default.fetch(url, { method: 'POST', headers, body })
  const json = await answer(response)
  const stored = typeof json.event_id === 'string' ? await eventRow(json.event_id) : null
  return { status: response.status, json, stored, probe }
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()

describe('hook: media types', () => {
  it('accepts application/json', async () => {
    const fields = recordingFields()
    const { status, stored } = await post('application/json', JSON.stringify(fields))
    expect(status).toBe(200)
    expect(stored?.data).toMatchObject({ channel_id: fields.id, url: fields.url })
    expect(stored?.raw_content_type).toBe('application/json')
    expect(stored?.raw_body).toBe(JSON.stringify(fields))
  })

  it('accepts a +json type such as application/cloudevents+json', async () => {
    const fields = recordingFields()
    const { status, stored } = await post('application/cloudevents+json', JSON.stringify(fields))
    expect(status).toBe(200)
    expect(stored?.data.url).toBe(fields.url)
  })

  it('accepts a media type in odd case with parameters', async () => {
    const fields = recordingFields()
    const type = 'APPLICATION/Json ; Charset="UTF-8"; version=2'
    const { status, stored } = await post(type, JSON.stringify(fields))
    expect(status).toBe(200)
    expect(stored?.raw_content_type).toBe(type)
  })

  it('accepts application/x-www-form-urlencoded', async () => {
    const fields = recordingFields(undefined, { filesize: '1024', duration: '00:01:05' })
    const { status, stored } = await post('application/x-www-form-urlencoded', form(fields))
    expect(status).toBe(200)
    expect(stored?.data).toMatchObject({ url: fields.url, filesize: 1024, duration: 65 })
  })

  it('accepts multipart/form-data', async () => {
    const fields = recordingFields(undefined, { filesize: '2048' })
    const body = new FormData()
    for (const [name, value] of Object.entries(fields)) body.set(name, value)
    const { status, stored } = await post(null, body)
    expect(status).toBe(200)
    expect(stored?.raw_content_type).toMatch(/^multipart\/form-data; boundary=/)
    expect(stored?.data).toMatchObject({ channel_id: fields.id, filesize: 2048 })
  })

  it('accepts text/plain holding JSON', async () => {
    const fields = recordingFields()
    const { status, stored } = await post('text/plain', JSON.stringify(fields))
    expect(status).toBe(200)
    expect(stored?.data.channel_id).toBe(fields.id)
  })

  it('accepts text/plain holding a form', async () => {
    const chid = `ch-${crypto.randomUUID()}`
    const { status, json } = await post('text/plain;charset=UTF-8', form({ chid, action: 'close' }))
    expect(status).toBe(200)
    expect(json).toMatchObject({ type: 'channel.closed', channel_id: chid })
  })

  it('accepts a JSON body with no Content-Type', async () => {
    const fields = recordingFields()
    const body = new TextEncoder().encode(JSON.stringify(fields))
    const { status, stored } = await post(null, body)
    expect(status).toBe(200)
    expect(stored?.raw_content_type).toBeNull()
    expect(stored?.data.url).toBe(fields.url)
  })

  it('accepts a form body with no Content-Type', async () => {
    const fields = recordingFields()
    const { status, stored } = await post(null, new TextEncoder().encode(form(fields)))
    expect(status).toBe(200)
    expect(stored?.data.channel_id).toBe(fields.id)
  })

  it('unwraps a payload= form field holding JSON', async () => {
    const fields = recordingFields(undefined, { duration: 30 })
    const body = form({ payload: JSON.stringify(fields) })
    const { status, stored } = await post('application/x-www-form-urlencoded', body)
    expect(status).toBe(200)
    expect(stored?.data).toMatchObject({ channel_id: fields.id, duration: 30 })
    expect(stored?.raw_body).toBe(body)
  })

  it('refuses an unknown media type with 415 and quarantines the request', async () => {
    const { status, json, probe } = await post('image/png', '\x89PNG\r\n')
    expect(status).toBe(415)
    expect(json.error?.code).toBe('unsupported_media_type')
    const [row] = await quarantineRows(probe)
    expect(row).toMatchObject({ status: 415, code: 'unsupported_media_type', raw_method: 'POST' })
    expect(row?.raw_content_type).toBe('image/png')
  })
})

describe('hook: charsets', () => {
  it('decodes UTF-8 by default and keeps Hangul intact', async () => {
    const channel = `한글-채널-${crypto.randomUUID()}`
    const fields = recordingFields(channel, { note: '녹화 완료' })
    const { status, stored } = await post('application/json', JSON.stringify(fields))
    expect(status).toBe(200)
    expect(stored?.channel_id).toBe(channel)
    expect(stored?.raw_body).toBe(JSON.stringify(fields))
    expect(stored?.raw_body).toContain('녹화 완료')
  })

  it('decodes a percent-encoded EUC-KR form declared with charset=euc-kr', async () => {
    const suffix = crypto.randomUUID().slice(0, 8)
    // 방송 in EUC-KR is B9 E6 BC DB; workerd's TextDecoder knows euc-kr.
    const body = `chid=%B9%E6%BC%DB-${suffix}&action=create`
    const type = 'application/x-www-form-urlencoded; charset=euc-kr'
    const { status, json, stored } = await post(type, body)
    expect(status).toBe(200)
    expect(json).toMatchObject({ type: 'channel.created', channel_id: `방송-${suffix}` })
    expect(stored?.channel_id).toBe(`방송-${suffix}`)
    expect(stored?.raw_body).toBe(body)
  })

  it('decodes a raw EUC-KR JSON body and stores its text as Unicode', async () => {
    const suffix = crypto.randomUUID().slice(0, 8)
    const head = new TextEncoder().encode(`{"chid":"`)
    const tail = new TextEncoder().encode(`-${suffix}","action":"close"}`)
    const body = new Uint8Array([...head, 0xc7, 0xd1, 0xb1, 0xdb, ...tail])
    const { status, stored } = await post('text/plain; charset=EUC-KR', body)
    expect(status).toBe(200)
    expect(stored?.channel_id).toBe(`한글-${suffix}`)
    expect(stored?.raw_body).toBe(`{"chid":"한글-${suffix}","action":"close"}`)
  })

  it('refuses an unknown charset with 415 and quarantines the request', async () => {
    const { status, json, probe } = await post('application/json; charset=x-klingon', '{}')
    expect(status).toBe(415)
    expect(json.error?.code).toBe('unsupported_charset')
    expect((await quarantineRows(probe)).map((row) => row.code)).toEqual(['unsupported_charset'])
  })
})

describe('hook: query and body', () => {
  it('merges GET query fields into a channel event', async () => {
    const chid = `ch-${crypto.randomUUID()}`
    const { url } = probeHook({ action: 'close', chid })
    const json = await answer(await exports.default.fetch(url))
    expect(json).toMatchObject({ ok: true, type: 'channel.closed', channel_id: chid })
    const stored = await eventRow(String(json.event_id))
    expect(stored?.raw_method).toBe('GET')
    expect(stored?.raw_query).toMatchObject({ action: 'close', chid })
  })

  it('merges query fields with POST body fields', async () => {
    const fields = recordingFields()
    const { status, stored } = await post('application/json', JSON.stringify({ url: fields.url }), {
      id: fields.id,
    })
    expect(status).toBe(200)
    expect(stored?.data).toMatchObject({ channel_id: fields.id, url: fields.url })
  })

  it('lets a body field win over the same query field', async () => {
    const fields = recordingFields()
    const { stored } = await post('application/json', JSON.stringify(fields), { id: 'from-query' })
    expect(stored?.channel_id).toBe(fields.id)
  })

  it('accepts PUT like POST', async () => {
    const { url } = probeHook()
    const fields = recordingFields()
    const response = await exports.default.fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fields),
    })
    const json = await answer(response)
    expect(response.status).toBe(200)
    expect((await eventRow(String(json.event_id)))?.raw_method).toBe('PUT')
  })
})
