/** Reads a request body once, counting streamed bytes so a chunked or lying body cannot exceed the cap. */
import { AppError } from '../http/errors'

/** 64 KiB: a Livecast event is a few hundred bytes; anything near this is not one. */
export const MAX_BODY_BYTES = 64 * 1024

/** Reads the whole body, or throws 413 as soon as it passes `limit` bytes. */
export async function readBody(request: Request, limit = MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length'))
  if (declared > limit) throw tooLarge(limit)
  if (!request.body) return new Uint8Array(0)

  const chunks: Uint8Array[] = []
  let total = 0
  const reader = request.body.getReader()
  for (;;) {
    const { done, value } = await reader.read().catch(() => {
      throw new AppError(400, 'unreadable_body', 'The request body could not be read.', [
        { field: 'body', message: 'the body stream failed' },
      ])
    })
    if (done) break
    total += value.byteLength
    if (total > limit) {
      await reader.cancel()
      throw tooLarge(limit)
    }
    chunks.push(value)
  }
  return concat(chunks, total)
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!
  const body = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return body
}

function tooLarge(limit: number): AppError {
  return new AppError(413, 'payload_too_large', `The body exceeds ${limit} bytes.`, [
    { field: 'body', message: `at most ${limit} bytes` },
  ])
}
