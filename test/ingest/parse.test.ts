import { describe, expect, it } from 'vitest'
import { AppError } from '../../src/http/errors'
import { parseRequest, type RawRequest } from '../../src/ingest/parse'

const encode = (text: string) => new TextEncoder().encode(text)

function request(contentType: string | null, body: string | Uint8Array, extra = {}): RawRequest {
  const bytes = typeof body === 'string' ? encode(body) : body
  return { method: 'POST', contentType, body: bytes, query: {}, ...extra }
}

async function refusal(raw: RawRequest) {
  const err = await parseRequest(raw).then(
    () => undefined,
    (err: unknown) => err
  )
  expect(err).toBeInstanceOf(AppError)
  const { status, code, issues } = err as AppError
  return { status, code, fields: issues.map((issue) => issue.field) }
}

describe('parseRequest: media types', () => {
  it('parses application/json', async () => {
    const parsed = await parseRequest(request('application/json', '{"id":"a","n":1}'))
    expect(parsed).toEqual({ fields: { id: 'a', n: 1 }, bodyText: '{"id":"a","n":1}' })
  })

  it('parses a +json type in odd case with parameters', async () => {
    const type = 'Application/CloudEvents+JSON; Charset=UTF-8; profile=x'
    expect((await parseRequest(request(type, '{"id":"a"}'))).fields).toEqual({ id: 'a' })
  })

  it('parses a urlencoded form', async () => {
    const parsed = await parseRequest(request('application/x-www-form-urlencoded', 'id=a&x=1+2'))
    expect(parsed.fields).toEqual({ id: 'a', x: '1 2' })
  })

  it('reads a JSON object labelled as a form as JSON', async () => {
    const type = 'application/x-www-form-urlencoded'
    expect((await parseRequest(request(type, ' {"id":"a"}'))).fields).toEqual({ id: 'a' })
  })

  it('decodes a form value that begins with a brace as a form', async () => {
    const type = 'application/x-www-form-urlencoded'
    expect((await parseRequest(request(type, '{id=a'))).fields).toEqual({ '{id': 'a' })
  })

  it('parses multipart/form-data', async () => {
    const form = new FormData()
    form.set('id', '한글-채널')
    form.set('url', 'https://a/b.mp4')
    const response = new Response(form)
    const body = new Uint8Array(await response.arrayBuffer())
    const parsed = await parseRequest(request(response.headers.get('content-type'), body))
    expect(parsed.fields).toEqual({ id: '한글-채널', url: 'https://a/b.mp4' })
  })

  it('refuses multipart without a boundary with 400', async () => {
    expect(await refusal(request('multipart/form-data', 'id=a'))).toEqual({
      status: 400,
      code: 'invalid_multipart',
      fields: ['body'],
    })
  })

  it('sniffs JSON in text/plain and without a Content-Type', async () => {
    expect((await parseRequest(request('text/plain', '{"id":"a"}'))).fields).toEqual({ id: 'a' })
    expect((await parseRequest(request(null, ' {"id":"b"}'))).fields).toEqual({ id: 'b' })
  })

  it('sniffs a form in text/plain and without a Content-Type', async () => {
    expect((await parseRequest(request('text/plain', 'id=a&b=2'))).fields).toEqual({
      id: 'a',
      b: '2',
    })
    expect((await parseRequest(request(null, 'chid=c&action=close'))).fields).toEqual({
      chid: 'c',
      action: 'close',
    })
  })

  it('gives no body fields for an empty body', async () => {
    expect((await parseRequest(request(null, ''))).fields).toEqual({})
  })

  it('refuses text that is neither JSON nor a form with 400', async () => {
    expect(await refusal(request('text/plain', 'hello there'))).toEqual({
      status: 400,
      code: 'unparseable_body',
      fields: ['body'],
    })
  })

  it('refuses an unknown media type whose body is neither JSON nor a form with 415', async () => {
    expect(await refusal(request('image/png', '\x89PNG'))).toEqual({
      status: 415,
      code: 'unsupported_media_type',
      fields: ['content-type'],
    })
  })

  it('refuses broken JSON with 400', async () => {
    expect(await refusal(request('application/json', '{"id":'))).toEqual({
      status: 400,
      code: 'invalid_json',
      fields: ['body'],
    })
  })

  it('refuses a JSON value that is not an object with 422', async () => {
    for (const body of ['[1,2]', '"text"', '42', 'null']) {
      expect(await refusal(request('application/json', body))).toEqual({
        status: 422,
        code: 'not_an_object',
        fields: ['body'],
      })
    }
  })
})

describe('parseRequest: charsets', () => {
  it('decodes UTF-8 by default', async () => {
    const parsed = await parseRequest(request('application/json', '{"id":"방송"}'))
    expect(parsed.fields.id).toBe('방송')
    expect(parsed.bodyText).toBe('{"id":"방송"}')
  })

  it('decodes a percent-encoded EUC-KR form by its declared charset', async () => {
    const type = 'application/x-www-form-urlencoded; charset=EUC-KR'
    const parsed = await parseRequest(request(type, 'chid=%B9%E6%BC%DB&action=close'))
    expect(parsed.fields).toEqual({ chid: '방송', action: 'close' })
  })

  it('decodes raw EUC-KR bytes in a JSON body', async () => {
    // {"id":"한글"} with 한글 as the EUC-KR bytes C7 D1 B1 DB.
    const body = new Uint8Array([...encode('{"id":"'), 0xc7, 0xd1, 0xb1, 0xdb, ...encode('"}')])
    const parsed = await parseRequest(request('application/json; charset=euc-kr', body))
    expect(parsed.fields.id).toBe('한글')
    expect(parsed.bodyText).toBe('{"id":"한글"}')
  })

  it('refuses an unknown charset with 415', async () => {
    expect(await refusal(request('application/json; charset=klingon', '{}'))).toEqual({
      status: 415,
      code: 'unsupported_charset',
      fields: ['content-type'],
    })
  })
})

describe('parseRequest: query, payload and methods', () => {
  it('merges query fields with body fields, the body winning', async () => {
    const raw = request('application/json', '{"chid":"body"}', {
      query: { chid: 'query', action: 'close' },
    })
    expect((await parseRequest(raw)).fields).toEqual({ chid: 'body', action: 'close' })
  })

  it('reads only the query on GET', async () => {
    const raw = request(null, 'id=ignored', {
      method: 'GET',
      query: { chid: 'c', action: 'close' },
    })
    expect((await parseRequest(raw)).fields).toEqual({ chid: 'c', action: 'close' })
  })

  it('unwraps a payload form field holding JSON', async () => {
    const body = `payload=${encodeURIComponent('{"id":"a","url":"https://a/b.mp4"}')}&extra=1`
    const parsed = await parseRequest(request('application/x-www-form-urlencoded', body))
    expect(parsed.fields).toEqual({ id: 'a', url: 'https://a/b.mp4', extra: '1' })
  })

  it('keeps a payload field that is not a JSON object as it came', async () => {
    for (const payload of ['plain', '[1]', '"x"']) {
      const body = `payload=${encodeURIComponent(payload)}`
      const parsed = await parseRequest(request('application/x-www-form-urlencoded', body))
      expect(parsed.fields).toEqual({ payload })
    }
  })
})
