/** Opens a recording or thumbnail at its origin: allowed hosts only, every redirect re-checked. */
import { isRetryableStatus, parseRetryAfter } from '../deliver/schedule'
import { errorWithout } from '../http/log'
import { hostOf, sourceAllowed } from './hosts'

/** Redirects followed before giving up (S3 answers 301/307 for a bucket in another region). */
const MAX_REDIRECTS = 5

/** Why a file could not be fetched or stored, and whether trying again could help. */
export interface SourceFailure {
  ok: false
  retry: boolean
  error: string
  statusCode?: number
  excerpt?: string
  retryAfterMs?: number
}

/** An open source body, or why there is none. */
export type SourceResult =
  | {
      ok: true
      body: ReadableStream<Uint8Array>
      length: number | null
      contentType: string | null
    }
  | SourceFailure

/**
 * GETs `url`. Redirects are followed by hand so each hop is checked against the allowed hosts:
 * the URL comes from the webhook request, not from the operator. 408, 425, 429, 5xx, network
 * errors and timeouts may pass; any other non-200 answer will not.
 */
export async function openSource(
  url: string,
  hosts: string[],
  signal: AbortSignal
): Promise<SourceResult> {
  let current = url
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (!sourceAllowed(current, hosts)) {
      const error = `source host ${hostOf(current)} is not in ARCHIVE_SOURCE_HOSTS`
      return { ok: false, retry: false, error }
    }

    let response: Response
    try {
      response = await fetch(current, { redirect: 'manual', signal })
    } catch (err) {
      const reason = signal.aborted ? 'timed out' : `network error: ${errorText(err, current)}`
      return { ok: false, retry: true, error: `fetching from ${hostOf(current)}: ${reason}` }
    }

    const location = response.headers.get('location')
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel()
      const next = URL.parse(location, current)
      if (!next) return { ok: false, retry: false, error: 'the source redirected to a bad URL' }
      current = next.toString()
      continue
    }
    if (response.status === 200 && response.body) {
      const length = parseLength(response.headers.get('content-length'))
      const contentType = response.headers.get('content-type')
      return { ok: true, body: response.body, length, contentType }
    }
    return failedAnswer(response, hostOf(current))
  }
  return { ok: false, retry: false, error: `more than ${MAX_REDIRECTS} redirects from the source` }
}

async function failedAnswer(response: Response, host: string): Promise<SourceResult> {
  const status = response.status
  const excerpt = (await response.text().catch(() => '')).slice(0, 2048)
  const retry = isRetryableStatus(status)
  const meaning =
    status === 404 || status === 410
      ? ': the recording is gone from the source'
      : status === 403
        ? ': access denied (deleted, or the URL has expired)'
        : ''
  return {
    ok: false,
    retry,
    statusCode: status,
    error: `source ${host} answered HTTP ${status}${meaning}`,
    excerpt,
    retryAfterMs: retry ? parseRetryAfter(response.headers.get('retry-after')) : undefined,
  }
}

/** A Content-Length value as a byte count, or null when absent or not a plain integer. */
export function parseLength(header: string | null): number | null {
  if (header === null || !/^\d{1,16}$/.test(header.trim())) return null
  return Number(header.trim())
}

/** An error's message with the URL masked: a presigned URL carries a signature. */
export function errorText(err: unknown, url: string): string {
  return errorWithout(err, url, '<source url>')
}

const TYPES_BY_EXTENSION: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.webm': 'video/webm',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
}

/**
 * The content type to store: the source's own, unless it is missing or generic (S3 serves files
 * uploaded without one as `binary/octet-stream`); then the one the file extension implies.
 */
export function contentTypeFor(sourceType: string | null, extension: string): string {
  const essence = sourceType?.split(';')[0]?.trim().toLowerCase() ?? ''
  const generic = essence === '' || essence.endsWith('/octet-stream')
  if (!generic) return sourceType!.trim()
  return TYPES_BY_EXTENSION[extension] ?? 'application/octet-stream'
}
