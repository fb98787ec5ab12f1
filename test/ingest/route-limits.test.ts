import { exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { MAX_BODY_BYTES } from '../../src/ingest/read-body'
import { answer, eventsOfChannel, probeHook, quarantineRows, recordingFields } from './rows'

/** A JSON recording padded with a `note` field to exactly `size` bytes. */
function paddedRecording(size: number, fields = recordingFields()): string {
  const empty = JSON.stringify({ ...fields, note: '' })
  return JSON.stringify({ ...fields, note: 'x'.repeat(size - empty.length) })
}

/** Streams `text` in 1 KiB chunks with no Content-Length (chunked transfer). */
function streamed(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text)
  let offset = 0
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close()
      controller.enqueue(bytes.slice(offset, offset + 1024))
      offset += 1024
    },
  })
}

const TOO_LARGE = {
  ok: false,
  error: {
    code: 'payload_too_large',
    message: `The body exceeds ${MAX_BODY_BYTES} bytes.`,
    issues: [{ field: 'body', message: `at most ${MAX_BODY_BYTES} bytes` }],
  },
}

describe('hook: body size cap', () => {
  it('accepts a body of exactly 64 KiB', async () => {
    const body = paddedRecording(MAX_BODY_BYTES)
    expect(body.length).toBe(65536)
    const response = await exports.default.fetch(probeHook().url, { method: 'POST', body })
    expect(response.status).toBe(200)
  })

  it('answers 413 for a body one byte over, sent with Content-Length', async () => {
    const fields = recordingFields()
    const body = paddedRecording(MAX_BODY_BYTES + 1, fields)
    const { url, probe } = probeHook()
    const response = await exports.default.fetch(url, {
      method: 'POST',
      headers: { 'content-length': String(body.length) },
      body,
    })
    expect(response.status).toBe(413)
    expect(await answer(response)).toEqual(TOO_LARGE)
    expect(await eventsOfChannel(fields.id)).toEqual([])
    expect(await quarantineRows(probe)).toEqual([])
  })

  it('answers 413 for a chunked body without Content-Length once it passes 64 KiB', async () => {
    const fields = recordingFields()
    const request = new Request(probeHook().url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: streamed(paddedRecording(MAX_BODY_BYTES + 1, fields)),
    })
    expect(request.headers.get('content-length')).toBeNull()
    const response = await exports.default.fetch(request)
    expect(response.status).toBe(413)
    expect(await answer(response)).toEqual(TOO_LARGE)
    expect(await eventsOfChannel(fields.id)).toEqual([])
  })

  it('answers 413 when Content-Length understates a streamed body', async () => {
    const request = new Request(probeHook().url, {
      method: 'POST',
      headers: { 'content-length': '100' },
      body: streamed(paddedRecording(MAX_BODY_BYTES + 1)),
    })
    const response = await exports.default.fetch(request)
    expect(response.status).toBe(413)
    expect(await answer(response)).toEqual(TOO_LARGE)
  })

  it('accepts a chunked body under the cap', async () => {
    const request = new Request(probeHook().url, {
      method: 'POST',
      body: streamed(paddedRecording(10_000)),
    })
    const response = await exports.default.fetch(request)
    expect(response.status).toBe(200)
  })

  it('answers 413 for a large declared Content-Length without reading the body', async () => {
    const request = new Request(probeHook().url, {
      method: 'PUT',
      headers: { 'content-length': '10000000' },
      body: streamed('{}'),
    })
    const response = await exports.default.fetch(request)
    expect(response.status).toBe(413)
  })
})
