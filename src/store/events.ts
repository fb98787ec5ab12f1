/** Commits an accepted event with its recording/channel rows and outbox rows in one D1 batch. */
import type { DedupClaim } from '../ingest/dedup'
import type { LivecastEvent, Warning } from '../ingest/event'
import { outboxInsert } from './deliveries'
import { recordingIdFor } from './ids'

/** The request as it arrived, stored beside the normalised event. */
export interface RawRecord {
  method: string
  contentType: string | null
  body: string
  query: Record<string, string>
}

/** One outbox row to create with the event. */
export interface PlannedDelivery {
  id: string
  target: string
  kind: string
}

/** What the sender is told: the event id that holds this event, and whether it was new. */
export interface StoreResult {
  eventId: string
  duplicate: boolean
}

/** Everything the ingest batch writes for one accepted event. */
export interface EventRecord {
  id: string
  event: LivecastEvent
  warnings: Warning[]
  raw: RawRecord
  receivedAt: number
  dedup: DedupClaim
  deliveries: PlannedDelivery[]
}

// Every write after the claim is guarded by this, so a duplicate writes nothing: the claim is
// an atomic insert-if-absent, and the batch runs as one transaction.
const IF_CLAIMED = 'WHERE EXISTS (SELECT 1 FROM dedup WHERE key = ?1 AND event_id = ?2)'

/** Writes the event atomically; a duplicate returns the id of the event that got there first. */
export async function storeEvent(db: D1Database, record: EventRecord): Promise<StoreResult> {
  const { id, event, dedup, receivedAt } = record
  const statements = [
    // The claim: insert, or take over an expired key. A live key is "updated" to its own values,
    // so RETURNING always names the holder and a duplicate needs no second round trip.
    db
      .prepare(
        `INSERT INTO dedup (key, event_id, expires_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET
           event_id = iif(dedup.expires_at <= ?4, excluded.event_id, dedup.event_id),
           expires_at = iif(dedup.expires_at <= ?4, excluded.expires_at, dedup.expires_at)
         RETURNING event_id`
      )
      .bind(dedup.key, id, dedup.expiresAt, receivedAt),
    insertEvent(db, record),
    event.type === 'recording.completed'
      ? insertRecording(db, record)
      : upsertChannelStatus(db, record),
    ...(event.type === 'recording.completed' ? [touchChannel(db, record)] : []),
    ...(record.deliveries.length > 0
      ? [outboxInsert(db, id, record.deliveries, receivedAt, { sql: IF_CLAIMED, key: dedup.key })]
      : []),
  ]

  const [claim] = await db.batch<{ event_id: string }>(statements)
  const holder = claim?.results[0]?.event_id
  if (!holder) throw new Error(`dedup claim for event ${id} returned no holder`)
  return { eventId: holder, duplicate: holder !== id }
}

function insertEvent(db: D1Database, { id, event, warnings, raw, receivedAt, dedup }: EventRecord) {
  return db
    .prepare(
      `INSERT INTO events (id, type, channel_id, received_at, dedup_key, data, warnings,
         raw_method, raw_content_type, raw_body, raw_query)
       SELECT ?2, ?3, ?4, ?5, ?1, ?6, ?7, ?8, ?9, ?10, ?11 ${IF_CLAIMED}`
    )
    .bind(
      dedup.key,
      id,
      event.type,
      event.channel_id,
      receivedAt,
      JSON.stringify(event.data),
      JSON.stringify(warnings),
      raw.method,
      raw.contentType,
      raw.body,
      JSON.stringify(raw.query)
    )
}

function insertRecording(db: D1Database, record: EventRecord) {
  const { id, event, receivedAt, dedup, deliveries } = record
  if (event.type !== 'recording.completed') throw new TypeError('not a recording event')
  const { channel_id, url, filesize, duration, thumbnail } = event.data
  return db
    .prepare(
      `INSERT INTO recordings (id, event_id, channel_id, url, filesize, duration, thumbnail,
         received_at, archive_state)
       SELECT ?3, ?2, ?4, ?5, ?6, ?7, ?8, ?9, ?10 ${IF_CLAIMED}
       ON CONFLICT (channel_id, url) DO NOTHING`
    )
    .bind(
      dedup.key,
      id,
      recordingIdFor(id),
      channel_id,
      url,
      filesize,
      duration,
      thumbnail,
      receivedAt,
      deliveries.some((delivery) => delivery.kind === 'archive') ? 'pending' : 'none'
    )
}

/** A recording makes its channel known without changing its live/closed status. */
function touchChannel(db: D1Database, { id, event, receivedAt, dedup }: EventRecord) {
  return db
    .prepare(
      `INSERT INTO channels (id, status, status_at, first_seen_at, last_event_id,
         last_recording_id, last_recording_at)
       SELECT ?3, 'unknown', 0, ?4, ?2, ?5, ?4 ${IF_CLAIMED}
       ON CONFLICT (id) DO UPDATE SET
         first_seen_at = min(channels.first_seen_at, excluded.first_seen_at),
         last_recording_id = CASE WHEN excluded.last_recording_at >= coalesce(
           channels.last_recording_at, 0) THEN excluded.last_recording_id
           ELSE channels.last_recording_id END,
         last_recording_at = max(coalesce(channels.last_recording_at, 0), excluded.last_recording_at)`
    )
    .bind(dedup.key, id, event.channel_id, receivedAt, recordingIdFor(id))
}

/** Status only moves forward in time: an older event never overwrites a newer state. */
function upsertChannelStatus(db: D1Database, { id, event, receivedAt, dedup }: EventRecord) {
  const closed = event.type === 'channel.closed'
  return db
    .prepare(
      `INSERT INTO channels (id, status, status_at, first_seen_at, created_at, closed_at,
         last_event_id)
       SELECT ?3, ?4, ?5, ?5, ?6, ?7, ?2 ${IF_CLAIMED}
       ON CONFLICT (id) DO UPDATE SET
         first_seen_at = min(channels.first_seen_at, excluded.first_seen_at),
         created_at = coalesce(max(channels.created_at, excluded.created_at),
           channels.created_at, excluded.created_at),
         closed_at = coalesce(max(channels.closed_at, excluded.closed_at),
           channels.closed_at, excluded.closed_at),
         status = CASE WHEN excluded.status_at >= channels.status_at
           THEN excluded.status ELSE channels.status END,
         last_event_id = CASE WHEN excluded.status_at >= channels.status_at
           THEN excluded.last_event_id ELSE channels.last_event_id END,
         status_at = max(channels.status_at, excluded.status_at)`
    )
    .bind(
      dedup.key,
      id,
      event.channel_id,
      closed ? 'closed' : 'live',
      receivedAt,
      closed ? null : receivedAt,
      closed ? receivedAt : null
    )
}
