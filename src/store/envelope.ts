/** Reads a stored event back as the envelope that targets receive. */
import type { EventEnvelope } from '../deliver/types'
import type { EventType } from '../ingest/event'

/** An `events` row as stored. */
export interface EventRow {
  id: string
  type: string
  channel_id: string
  received_at: number
  data: string
  warnings: string
  raw_method: string
  raw_content_type: string | null
  raw_body: string | null
  raw_query: string | null
}

/** Turns an `events` row into the `{id, type, channel_id, received_at, data, raw}` envelope. */
export function envelopeFromRow(row: EventRow): EventEnvelope {
  return {
    id: row.id,
    type: row.type as EventType,
    channel_id: row.channel_id,
    received_at: new Date(row.received_at).toISOString(),
    data: JSON.parse(row.data),
    warnings: JSON.parse(row.warnings),
    raw: {
      method: row.raw_method,
      content_type: row.raw_content_type,
      body: row.raw_body,
      query: row.raw_query ? JSON.parse(row.raw_query) : {},
    },
  }
}

/** Loads one event as an envelope, or undefined when it does not exist. */
export async function loadEnvelope(db: D1Database, id: string) {
  const row = await db.prepare('SELECT * FROM events WHERE id = ?').bind(id).first<EventRow>()
  return row ? envelopeFromRow(row) : undefined
}
