/** Copies one file from its source URL into R2 and proves the stored size. */
import { hostOf } from './hosts'
import { contentTypeFor, errorText, openSource, type SourceFailure } from './source'
import { storeStream, type StoredObject } from './upload'

/** The copied object, or why it is not there and whether trying again could help. */
export type CopyResult = ({ ok: true } & StoredObject) | SourceFailure

/** One file to copy. */
export interface CopyRequest {
  bucket: R2Bucket
  key: string
  url: string
  hosts: string[]
  signal: AbortSignal
  /** The size the webhook announced (`filesize`), checked against the source and the copy. */
  announcedSize: number | null
  extension: string
  customMetadata: Record<string, string>
  /** Refuse files without a known size or above this many bytes (thumbnails). */
  maxSize?: number
}

/**
 * Streams the file into R2. Sizes are checked before (Content-Length against `filesize`),
 * during (the store refuses a body that ends early or runs long) and after (R2's size); a copy
 * whose size is wrong is deleted, so the key only ever holds a complete file.
 */
export async function copyFile(request: CopyRequest): Promise<CopyResult> {
  const { bucket, key, url, announcedSize } = request
  const source = await openSource(url, request.hosts, request.signal)
  if (!source.ok) return source

  const { length } = source
  if (length !== null && announcedSize !== null && length !== announcedSize) {
    await source.body.cancel()
    const error = `source Content-Length ${length} differs from the webhook's filesize ${announcedSize}`
    return { ok: false, retry: true, error }
  }
  const expectedSize = length ?? announcedSize
  if (request.maxSize !== undefined && (expectedSize === null || expectedSize > request.maxSize)) {
    await source.body.cancel()
    const size = expectedSize === null ? 'an unknown size' : `${expectedSize} bytes`
    return { ok: false, retry: false, error: `source file has ${size}, above ${request.maxSize}` }
  }

  let stored: StoredObject
  try {
    stored = await storeStream({
      bucket,
      key,
      body: source.body,
      expectedSize,
      contentType: contentTypeFor(source.contentType, request.extension),
      customMetadata: request.customMetadata,
      signal: request.signal,
    })
  } catch (err) {
    const reason = request.signal.aborted ? 'timed out' : errorText(err, url)
    return { ok: false, retry: true, error: `copy from ${hostOf(url)} broken off: ${reason}` }
  }

  if (expectedSize !== null && stored.size !== expectedSize) {
    await bucket.delete(key)
    const error = `stored ${stored.size} bytes but the source promised ${expectedSize}`
    return { ok: false, retry: true, error }
  }
  return { ok: true, ...stored }
}
