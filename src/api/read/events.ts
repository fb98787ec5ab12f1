/** D1 reads of events (with their raw requests) and quarantined requests. */
import type { EventType } from '../../ingest/event'
import { readPage, type Page } from '../paging'
import type { EventRow, QuarantineRow } from '../rows'

const EVENT_COLUMNS = 'id, type, channel_id, received_at, data, warnings'

const QUARANTINE_COLUMNS = `id, received_at, status, code, reason, issues, raw_method,
  raw_content_type, raw_query, coalesce(length(CAST(raw_body AS BLOB)), 0) AS body_bytes`

/** The raw request columns of an event or quarantine row. */
export interface RawColumns {
  raw_method: string
  raw_content_type: string | null
  raw_body: string | null
  raw_query: string | null
}

/** Filters for the events list; times in ms. */
export interface EventFilter {
  type?: EventType
  channelId?: string
  since?: number
  until?: number
  cursor?: string
  limit: number
}

/** Events newest first, by type, channel and time. */
export function listEvents(db: D1Database, filter: EventFilter): Promise<Page<EventRow>> {
  return readPage<EventRow>(db, {
    table: 'events',
    columns: EVENT_COLUMNS,
    sortAt: 'received_at',
    where: [
      filter.type !== undefined && ['type = ?', filter.type],
      filter.channelId !== undefined && ['channel_id = ?', filter.channelId],
      filter.since !== undefined && ['received_at >= ?', filter.since],
      filter.until !== undefined && ['received_at < ?', filter.until],
    ],
    cursor: filter.cursor,
    limit: filter.limit,
  })
}

/** One event with its raw request, or null. */
export function getEvent(db: D1Database, id: string): Promise<(EventRow & RawColumns) | null> {
  return db
    .prepare(
      `SELECT ${EVENT_COLUMNS}, raw_method, raw_content_type, raw_body, raw_query
       FROM events WHERE id = ?`
    )
    .bind(id)
    .first<EventRow & RawColumns>()
}

/** Filters for the quarantine list; times in ms. */
export interface QuarantineFilter {
  since?: number
  until?: number
  cursor?: string
  limit: number
}

/** Refused requests newest first. */
export function listQuarantine(
  db: D1Database,
  filter: QuarantineFilter
): Promise<Page<QuarantineRow>> {
  return readPage<QuarantineRow>(db, {
    table: 'quarantine',
    columns: QUARANTINE_COLUMNS,
    sortAt: 'received_at',
    where: [
      filter.since !== undefined && ['received_at >= ?', filter.since],
      filter.until !== undefined && ['received_at < ?', filter.until],
    ],
    cursor: filter.cursor,
    limit: filter.limit,
  })
}

/** One refused request with its body, or null. */
export function getQuarantined(
  db: D1Database,
  id: string
): Promise<(QuarantineRow & { raw_body: string | null }) | null> {
  return db
    .prepare(`SELECT ${QUARANTINE_COLUMNS}, raw_body FROM quarantine WHERE id = ?`)
    .bind(id)
    .first<QuarantineRow & { raw_body: string | null }>()
}
