/** The archived copy of a recording, with Range support: for operators and for signed links. */
import { Hono, type Context } from 'hono'
import { combineRanges, parse as parseRange } from 'range-parser'
import type { AppBindings } from '../env'
import { AppError } from '../http/errors'
import { linkSignatureValid } from './link'

/**
 * Routes mounted at `/api/recordings`; only `/:id/file` lives here. The app guards all of
 * `/api/*` with the admin token (src/api/auth.ts), this path included.
 */
export const recordingFile = new Hono<AppBindings>()

recordingFile.get('/:id/file', (c) => serveArchivedFile(c, c.req.param('id')))

/** `GET /files/:id?sig=…`: public, but only with the signature a chat message carried. */
export const signedFile = new Hono<AppBindings>()

signedFile.get('/:id', async (c) => {
  const id = c.req.param('id')
  if (!c.env.ADMIN_TOKEN) {
    throw new AppError(503, 'not_configured', 'ADMIN_TOKEN is not set: archive links are off.')
  }
  if (!(await linkSignatureValid(c.env, id, c.req.query('sig') ?? ''))) {
    throw new AppError(404, 'not_found', 'No such file.')
  }
  return serveArchivedFile(c, id)
})

/** Streams the recording's R2 object: 200, 206 for one range, 304 for a matching ETag. */
async function serveArchivedFile(c: Context<AppBindings>, id: string) {
  const row = await c.env.DB.prepare(
    'SELECT archive_state, archive_key FROM recordings WHERE id = ?1'
  )
    .bind(id)
    .first<{ archive_state: string; archive_key: string | null }>()
  if (!row) throw new AppError(404, 'not_found', `No recording with id ${id}.`)
  if (row.archive_state !== 'copied' || !row.archive_key) {
    const message = `Recording ${id} has no archived copy (archive state: ${row.archive_state}).`
    throw new AppError(404, 'not_archived', message)
  }
  const bucket = c.env.ARCHIVE
  if (!bucket) {
    const hint = 'No R2 bucket is bound as ARCHIVE: add an [[r2_buckets]] binding named ARCHIVE.'
    throw new AppError(503, 'archive_unavailable', hint)
  }
  const head = await bucket.head(row.archive_key)
  if (!head) {
    const message = `The archived copy of recording ${id} is missing from the bucket.`
    throw new AppError(404, 'not_archived', message)
  }

  const headers = new Headers({
    'accept-ranges': 'bytes',
    'cache-control': 'private, no-cache',
    'content-disposition': `inline; filename="${row.archive_key.split('/').at(-1)}"`,
    'content-type': head.httpMetadata?.contentType ?? 'application/octet-stream',
    etag: head.httpEtag,
    'last-modified': head.uploaded.toUTCString(),
  })
  if (c.req.header('if-none-match') === head.httpEtag) {
    return new Response(null, { status: 304, headers })
  }

  const range = requestedRange(c, head)
  if (range) {
    headers.set('content-range', `bytes ${range.start}-${range.end}/${head.size}`)
  }
  const length = range ? range.end - range.start + 1 : head.size
  headers.set('content-length', String(length))
  const status = range ? 206 : 200
  if (c.req.method === 'HEAD') return new Response(null, { status, headers })

  const object = await bucket.get(row.archive_key, {
    range: range ? { offset: range.start, length } : undefined,
  })
  if (!object) throw new AppError(404, 'not_archived', `The archived copy of ${id} is gone.`)
  return new Response(object.body, { status, headers })
}

/**
 * The single byte range to serve, or null for the whole file. Malformed headers, other units,
 * several ranges and a stale If-Range all get the whole file (RFC 9110 §14.2 allows ignoring
 * Range); a range past the end is answered 416 with the size.
 */
function requestedRange(c: Context<AppBindings>, head: R2Object) {
  const header = c.req.header('range')
  if (!header) return null
  const ifRange = c.req.header('if-range')
  if (ifRange !== undefined && ifRange !== head.httpEtag) return null

  const parsed = parseRange(head.size, header)
  if (parsed.type !== 'bytes' || parsed.code & 1) return null
  if (parsed.ranges.length === 0) {
    if (head.size === 0) return null
    throw new AppError(416, 'range_not_satisfiable', `The file has ${head.size} bytes.`, [], {
      'content-range': `bytes */${head.size}`,
    })
  }
  const ranges = combineRanges(parsed.ranges)
  return ranges.length === 1 ? ranges[0]! : null
}
