import { describe, expect, it } from 'vitest'
import { AppError } from '../../src/http/errors'
import { MAX_BODY_BYTES, readBody } from '../../src/ingest/read-body'

/** A body that arrives in `count` chunks of `size` bytes, with no Content-Length. */
function chunked(count: number, size: number): ReadableStream<Uint8Array> {
  let sent = 0
  return new ReadableStream({
    pull(controller) {
      if (sent++ === count) return controller.close()
      controller.enqueue(new Uint8Array(size).fill(0x61))
    },
  })
}

async function status(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (err: unknown) => err
  )
  return err instanceof AppError ? `${err.status} ${err.code}` : String(err)
}

describe('readBody', () => {
  it('caps bodies at 64 KiB', () => {
    expect(MAX_BODY_BYTES).toBe(65536)
  })

  it('returns an empty body when there is none', async () => {
    expect(await readBody(new Request('http://x/'))).toEqual(new Uint8Array(0))
  })

  it('reads a body of exactly the limit', async () => {
    const request = new Request('http://x/', { method: 'POST', body: 'a'.repeat(100) })
    expect((await readBody(request, 100)).byteLength).toBe(100)
  })

  it('joins a chunked body', async () => {
    const request = new Request('http://x/', { method: 'POST', body: chunked(5, 10) })
    const body = await readBody(request, 100)
    expect(new TextDecoder().decode(body)).toBe('a'.repeat(50))
  })

  it('refuses a declared Content-Length above the limit before reading', async () => {
    const request = new Request('http://x/', {
      method: 'POST',
      headers: { 'content-length': '101' },
      body: 'a'.repeat(101),
    })
    expect(await status(readBody(request, 100))).toBe('413 payload_too_large')
  })

  it('refuses a chunked body once its streamed bytes pass the limit', async () => {
    const request = new Request('http://x/', { method: 'POST', body: chunked(11, 10) })
    expect(await status(readBody(request, 100))).toBe('413 payload_too_large')
  })

  it('answers 400 when the body stream fails', async () => {
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('connection reset'))
      },
    })
    const request = new Request('http://x/', { method: 'POST', body })
    expect(await status(readBody(request))).toBe('400 unreadable_body')
  })
})
