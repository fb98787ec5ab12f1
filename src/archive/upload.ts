/** Streams a source body into R2 without holding the file: one sized put, or a multipart upload. */

const MiB = 1024 * 1024

/** Largest object sent as one put; R2 takes up to 5 GiB in a single upload. */
export const SINGLE_PUT_LIMIT = 5 * 1024 * MiB - 5 * MiB

/** Default multipart part size; with R2's 10,000 parts this covers files up to ~97 GiB. */
export const PART_SIZE = 10 * MiB

const MAX_PARTS = 10_000

/** What to store and how big it must turn out. */
export interface StoreRequest {
  bucket: R2Bucket
  key: string
  body: ReadableStream<Uint8Array>
  /** The byte count the source promised (Content-Length or `filesize`), or null if unknown. */
  expectedSize: number | null
  contentType: string
  customMetadata: Record<string, string>
  signal: AbortSignal
  /** Overrides for tests; production uses the R2 limits above. */
  singlePutLimit?: number
  partSize?: number
}

/** The stored object as R2 reports it. */
export interface StoredObject {
  size: number
  etag: string
  multipart: boolean
}

/** The source sent a different number of bytes than it promised. */
export class ShortCopyError extends Error {}

/**
 * Stores the body. A known size up to the single-put limit streams through a FixedLengthStream,
 * so R2 rejects a body that ends early or runs long and no object appears. Otherwise a multipart
 * upload sends fixed-size parts (the only bytes held at once) and completes only when the total
 * matches; any failure aborts it, so a broken copy never becomes an object.
 */
export async function storeStream(request: StoreRequest): Promise<StoredObject> {
  const { bucket, key, body, expectedSize, contentType, customMetadata } = request
  const options = { httpMetadata: { contentType }, customMetadata }

  if (expectedSize !== null && expectedSize <= (request.singlePutLimit ?? SINGLE_PUT_LIMIT)) {
    // Piped by hand rather than pipeThrough, so a broken source rejects here, handled.
    const sized = new FixedLengthStream(expectedSize)
    const [object] = await Promise.all([
      bucket.put(key, sized.readable, options),
      body.pipeTo(sized.writable),
    ])
    if (!object) throw new Error('R2 refused the put')
    return { size: object.size, etag: object.etag, multipart: false }
  }

  const partSize = request.partSize ?? partSizeFor(expectedSize)
  const upload = await bucket.createMultipartUpload(key, options)
  try {
    const parts: R2UploadedPart[] = []
    let total = 0
    for await (const part of partsOf(body, partSize)) {
      request.signal.throwIfAborted()
      parts.push(await upload.uploadPart(parts.length + 1, part))
      total += part.byteLength
    }
    if (expectedSize !== null && total !== expectedSize) {
      throw new ShortCopyError(`the source sent ${total} of ${expectedSize} bytes`)
    }
    if (parts.length === 0) {
      // R2 cannot complete an upload without parts: an empty file is an ordinary empty put.
      await upload.abort()
      const object = await bucket.put(key, new Uint8Array(0), options)
      return { size: object.size, etag: object.etag, multipart: false }
    }
    const object = await upload.complete(parts)
    return { size: object.size, etag: object.etag, multipart: true }
  } catch (err) {
    await upload.abort().catch(() => {})
    throw err
  }
}

/** The smallest whole-MiB part size (at least PART_SIZE) that fits `size` in 10,000 parts. */
export function partSizeFor(size: number | null): number {
  if (size === null) return PART_SIZE
  return Math.max(PART_SIZE, Math.ceil(size / MAX_PARTS / MiB) * MiB)
}

/**
 * Cuts a byte stream into parts of exactly `partSize` bytes (the last one shorter). One buffer
 * is reused: the caller finishes with each part before asking for the next.
 */
export async function* partsOf(
  body: ReadableStream<Uint8Array>,
  partSize: number
): AsyncGenerator<Uint8Array> {
  const buffer = new Uint8Array(partSize)
  let filled = 0
  const reader = body.getReader()
  let finished = false
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) {
        finished = true
        break
      }
      let offset = 0
      while (offset < value.byteLength) {
        const take = Math.min(partSize - filled, value.byteLength - offset)
        buffer.set(value.subarray(offset, offset + take), filled)
        filled += take
        offset += take
        if (filled === partSize) {
          yield buffer
          filled = 0
        }
      }
    }
    if (filled > 0) yield buffer.subarray(0, filled)
  } finally {
    // Stopped early (an upload failed): let the source connection go instead of leaving it open.
    if (!finished) await reader.cancel().catch(() => {})
    reader.releaseLock()
  }
}
