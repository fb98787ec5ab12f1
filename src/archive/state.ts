/** The archive columns of a recording row: read the recording, record how its copy went. */

/** The recording fields the archive needs. */
export interface ArchiveRecording {
  id: string
  event_id: string
  channel_id: string
  url: string
  filesize: number | null
  thumbnail: string | null
  received_at: number
  archive_state: string
  archive_key: string | null
}

/** Where the copy went and what R2 reports about it. */
export interface CopiedArchive {
  key: string
  size: number
  etag: string
  thumbnailKey: string | null
}

/** The recording an event reported, or null when the event has none. */
export async function loadArchiveRecording(
  db: D1Database,
  eventId: string
): Promise<ArchiveRecording | null> {
  return db
    .prepare(
      `SELECT id, event_id, channel_id, url, filesize, thumbnail, received_at, archive_state,
         archive_key FROM recordings WHERE event_id = ?1`
    )
    .bind(eventId)
    .first<ArchiveRecording>()
}

/** Marks the recording copied, with key, size, etag and the thumbnail's key. */
export async function markCopied(
  db: D1Database,
  id: string,
  copied: CopiedArchive,
  now = Date.now()
): Promise<void> {
  await db
    .prepare(
      `UPDATE recordings SET archive_state = 'copied', archive_key = ?2, archive_size = ?3,
         archive_etag = ?4, archive_thumbnail_key = ?5, archive_error = NULL, archived_at = ?6
       WHERE id = ?1`
    )
    .bind(id, copied.key, copied.size, copied.etag, copied.thumbnailKey, now)
    .run()
}

/**
 * Ends the archive as `failed` or `expired` with the reason. A copy that already succeeded is
 * never downgraded: a late failure report from a parallel attempt changes nothing.
 */
export async function markEnded(
  db: D1Database,
  id: string,
  state: 'failed' | 'expired',
  error: string
): Promise<void> {
  await db
    .prepare(
      `UPDATE recordings SET archive_state = ?2, archive_error = ?3
       WHERE id = ?1 AND archive_state != 'copied'`
    )
    .bind(id, state, error)
    .run()
}

/** Keeps the archive pending (a retry is coming) and records why the last attempt failed. */
export async function notePendingError(db: D1Database, id: string, error: string): Promise<void> {
  await db
    .prepare(
      `UPDATE recordings SET archive_state = 'pending', archive_error = ?2
       WHERE id = ?1 AND archive_state != 'copied'`
    )
    .bind(id, error)
    .run()
}
