/** D1 reads of recordings and channels for the API and the dashboard. */
import { readPage, type Page } from '../paging'
import type { ChannelRow, RecordingRow } from '../rows'

const RECORDING_COLUMNS = `id, event_id, channel_id, url, filesize, duration, thumbnail,
  received_at, archive_state, archive_key, archive_size, archive_etag, archive_error, archived_at`

const CHANNEL_COLUMNS = `id, status, status_at, first_seen_at, created_at, closed_at,
  last_event_id, last_recording_id, last_recording_at`

// A channel's latest activity: a status change or a recording, whichever came last.
const CHANNEL_ACTIVITY = 'max(status_at, first_seen_at, coalesce(last_recording_at, 0))'

/** Filters for the recordings list; times in ms. */
export interface RecordingFilter {
  channelId?: string
  since?: number
  until?: number
  cursor?: string
  limit: number
}

/** Recordings newest first, by channel and time. */
export function listRecordings(
  db: D1Database,
  filter: RecordingFilter
): Promise<Page<RecordingRow>> {
  return readPage<RecordingRow>(db, {
    table: 'recordings',
    columns: RECORDING_COLUMNS,
    sortAt: 'received_at',
    where: [
      filter.channelId !== undefined && ['channel_id = ?', filter.channelId],
      filter.since !== undefined && ['received_at >= ?', filter.since],
      filter.until !== undefined && ['received_at < ?', filter.until],
    ],
    cursor: filter.cursor,
    limit: filter.limit,
  })
}

/** One recording, or null. */
export function getRecording(db: D1Database, id: string): Promise<RecordingRow | null> {
  return db
    .prepare(`SELECT ${RECORDING_COLUMNS} FROM recordings WHERE id = ?`)
    .bind(id)
    .first<RecordingRow>()
}

/** Filters for the channels list. */
export interface ChannelFilter {
  statuses?: readonly string[]
  cursor?: string
  limit: number
}

/** Channels by latest activity, newest first, optionally only some statuses. */
export function listChannels(db: D1Database, filter: ChannelFilter): Promise<Page<ChannelRow>> {
  const statuses = filter.statuses ?? []
  return readPage<ChannelRow>(db, {
    table: 'channels',
    columns: CHANNEL_COLUMNS,
    sortAt: CHANNEL_ACTIVITY,
    where: [
      statuses.length > 0 && [`status IN (${statuses.map(() => '?').join(', ')})`, ...statuses],
    ],
    cursor: filter.cursor,
    limit: filter.limit,
  })
}

/** One channel, or null. */
export function getChannel(db: D1Database, id: string): Promise<ChannelRow | null> {
  return db
    .prepare(`SELECT ${CHANNEL_COLUMNS} FROM channels WHERE id = ?`)
    .bind(id)
    .first<ChannelRow>()
}
