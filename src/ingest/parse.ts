/** Turns a request's method, Content-Type, body bytes and query into one set of fields. */
import { AppError } from '../http/errors'
import { decodeForm } from './form'
import { isJson, parseMediaType } from './media-type'
import type { Fields } from './normalise'

/** The request as read from the wire: the body is read once, before parsing. */
export interface RawRequest {
  method: string
  contentType: string | null
  body: Uint8Array
  query: Record<string, string>
}

/** Parsed fields plus the body as text, which is stored beside the event. */
export interface ParsedRequest {
  fields: Fields
  bodyText: string
}

/** Parses the body by its media type and merges it over the query fields. */
export async function parseRequest(raw: RawRequest): Promise<ParsedRequest> {
  const { essence, charset } = parseMediaType(raw.contentType)
  const decoder = textDecoder(charset)
  const bodyText = decoder.decode(raw.body)
  const body = raw.method === 'GET' ? {} : await parseBody(essence, raw, decoder, bodyText)
  return { fields: { ...raw.query, ...unwrapPayload(body) }, bodyText }
}

/** The body as text for the quarantine: by the declared charset when known, else UTF-8. */
export function bodyTextOf(contentType: string | null, body: Uint8Array): string {
  const { charset } = parseMediaType(contentType)
  try {
    return new TextDecoder(charset).decode(body)
  } catch {
    return new TextDecoder().decode(body)
  }
}

const decoders = new Map<string, TextDecoder>()

/** A decoder per charset label, made once per isolate: decoding a whole body keeps no state. */
function textDecoder(charset: string): TextDecoder {
  let decoder = decoders.get(charset)
  if (decoder) return decoder
  try {
    decoder = new TextDecoder(charset)
  } catch {
    throw new AppError(415, 'unsupported_charset', `Unsupported charset "${charset}".`, [
      { field: 'content-type', message: 'charset is not supported' },
    ])
  }
  if (decoders.size < 32) decoders.set(charset, decoder)
  return decoder
}

async function parseBody(
  essence: string,
  raw: RawRequest,
  decoder: TextDecoder,
  text: string
): Promise<Fields> {
  if (isJson(essence)) return parseJson(text)
  if (essence === 'application/x-www-form-urlencoded') return parseForm(raw.body, decoder, text)
  if (essence === 'multipart/form-data') return parseMultipart(raw)
  return sniff(essence, raw.body, decoder, text)
}

/** text/plain, a missing type, or an unknown one: JSON if it looks like JSON, else a form. */
function sniff(essence: string, body: Uint8Array, decoder: TextDecoder, text: string): Fields {
  const trimmed = text.trim()
  if (trimmed === '') return {}
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return parseJson(text)
  if (/^[^=&\s]+=/.test(trimmed)) return decodeForm(body, decoder)

  const known = essence === '' || essence.startsWith('text/')
  if (known || essence === 'application/octet-stream') {
    throw new AppError(400, 'unparseable_body', 'The body is neither JSON nor a urlencoded form.', [
      { field: 'body', message: 'expected JSON or key=value pairs' },
    ])
  }
  throw new AppError(415, 'unsupported_media_type', `Unsupported Content-Type "${essence}".`, [
    { field: 'content-type', message: 'use JSON, a urlencoded form or multipart/form-data' },
  ])
}

/**
 * Many HTTP clients label a raw string body as a form by default (PHP curl, for one), so a
 * "form" that is a JSON object is read as JSON; anything else is decoded as the form it claims.
 */
function parseForm(body: Uint8Array, decoder: TextDecoder, text: string): Fields {
  if (text.trimStart().startsWith('{')) {
    try {
      return parseJson(text)
    } catch {
      // Not JSON after all: a form value may begin with a brace.
    }
  }
  return decodeForm(body, decoder)
}

function parseJson(text: string): Fields {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new AppError(
      400,
      'invalid_json',
      `The body is not valid JSON: ${(err as Error).message}`,
      [{ field: 'body', message: 'invalid JSON' }]
    )
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AppError(422, 'not_an_object', 'The JSON body must be an object of fields.', [
      { field: 'body', message: 'must be a JSON object' },
    ])
  }
  return value as Fields
}

async function parseMultipart(raw: RawRequest): Promise<Fields> {
  let form: FormData
  try {
    const headers = { 'content-type': raw.contentType ?? '' }
    form = await new Response(raw.body, { headers }).formData()
  } catch {
    throw new AppError(400, 'invalid_multipart', 'The multipart body could not be parsed.', [
      { field: 'body', message: 'malformed multipart/form-data' },
    ])
  }
  const fields: Fields = {}
  for (const [name, value] of form) {
    fields[name] = typeof value === 'string' ? value : await value.text()
  }
  return fields
}

/** Some senders wrap the fields as JSON in a `payload` form field; unwrap it when it parses. */
function unwrapPayload(fields: Fields): Fields {
  const { payload, ...rest } = fields
  if (typeof payload !== 'string') return fields

  try {
    const inner: unknown = JSON.parse(payload)
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) return { ...rest, ...inner }
  } catch {
    // Not JSON: leave the field as it came; normalising will judge the fields.
  }
  return fields
}
