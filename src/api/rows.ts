/** D1 rows as stored, and their API shapes: ISO times, parsed JSON, scrubbed free text. */
import type { z } from '@hono/zod-openapi'
import type { EventType } from '../ingest/event'
import { iso, isoRequired } from './paging'
import type {
  AttemptSchema,
  ChannelSchema,
  DeliverySchema,
  DeliverySummarySchema,
  EventSchema,
  QuarantineSchema,
  RecordingSchema,
} from './schemas/records'

type Scrub = (text: string | null) => string | null

/** A `deliveries` row. */
export interface DeliveryRow {
  id: string
  event_id: string
  target: string
  kind: string
  status: z.infer<typeof DeliverySchema>['status']
  attempts: number
  next_attempt_at: number
  last_status_code: number | null
  last_error: string | null
  response_excerpt: string | null
  created_at: number
  updated_at: number
  completed_at: number | null
}

/** A delivery as the API shows it; free text from the target is scrubbed of secrets. */
export function toDelivery(row: DeliveryRow, scrub: Scrub): z.infer<typeof DeliverySchema> {
  const waiting = row.status === 'pending' || row.status === 'failed'
  return {
    id: row.id,
    event_id: row.event_id,
    target: row.target,
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    next_attempt_at: waiting ? iso(row.next_attempt_at) : null,
    last_status_code: row.last_status_code,
    last_error: scrub(row.last_error),
    response_excerpt: scrub(row.response_excerpt),
    created_at: isoRequired(row.created_at),
    updated_at: isoRequired(row.updated_at),
    completed_at: iso(row.completed_at),
  }
}

/** The short form listed beside a recording. */
export function toDeliverySummary(row: DeliveryRow): z.infer<typeof DeliverySummarySchema> {
  return { id: row.id, target: row.target, kind: row.kind, status: row.status }
}

/** An `attempts` row. */
export interface AttemptRow {
  attempt: number
  started_at: number
  ms: number
  outcome: string
  status_code: number | null
  error: string | null
  response_excerpt: string | null
}

/** An attempt as the API shows it. */
export function toAttempt(row: AttemptRow, scrub: Scrub): z.infer<typeof AttemptSchema> {
  const { attempt, ms, outcome, status_code } = row
  const started_at = isoRequired(row.started_at)
  const error = scrub(row.error)
  return {
    attempt,
    started_at,
    ms,
    outcome,
    status_code,
    error,
    response_excerpt: scrub(row.response_excerpt),
  }
}

/** A `recordings` row. */
export interface RecordingRow {
  id: string
  event_id: string
  channel_id: string
  url: string
  filesize: number | null
  duration: number | null
  thumbnail: string | null
  received_at: number
  archive_state: string
  archive_key: string | null
  archive_size: number | null
  archive_etag: string | null
  archive_error: string | null
  archived_at: number | null
}

/** A recording as the API shows it, with the given delivery summaries. */
export function toRecording(
  row: RecordingRow,
  deliveries: DeliveryRow[],
  scrub: Scrub
): z.infer<typeof RecordingSchema> {
  const copied = row.archive_state === 'copied'
  return {
    id: row.id,
    event_id: row.event_id,
    channel_id: row.channel_id,
    url: row.url,
    filesize: row.filesize,
    duration: row.duration,
    thumbnail: row.thumbnail,
    received_at: isoRequired(row.received_at),
    archive: {
      state: row.archive_state,
      key: row.archive_key,
      size: row.archive_size,
      etag: row.archive_etag,
      error: scrub(row.archive_error),
      archived_at: iso(row.archived_at),
      file: copied ? `/api/recordings/${encodeURIComponent(row.id)}/file` : null,
    },
    deliveries: deliveries.map(toDeliverySummary),
  }
}

/** A `channels` row. */
export interface ChannelRow {
  id: string
  status: z.infer<typeof ChannelSchema>['status']
  status_at: number
  first_seen_at: number
  created_at: number | null
  closed_at: number | null
  last_event_id: string | null
  last_recording_id: string | null
  last_recording_at: number | null
}

/** A channel as the API shows it; a status time of 0 means the status was never reported. */
export function toChannel(row: ChannelRow): z.infer<typeof ChannelSchema> {
  return {
    ...row,
    status_at: row.status_at > 0 ? iso(row.status_at) : null,
    first_seen_at: isoRequired(row.first_seen_at),
    created_at: iso(row.created_at),
    closed_at: iso(row.closed_at),
    last_recording_at: iso(row.last_recording_at),
  }
}

/** An `events` row without the raw request. */
export interface EventRow {
  id: string
  type: EventType
  channel_id: string
  received_at: number
  data: string
  warnings: string
}

/** An event as the API shows it. */
export function toEvent(row: EventRow): z.infer<typeof EventSchema> {
  return {
    id: row.id,
    type: row.type,
    channel_id: row.channel_id,
    received_at: isoRequired(row.received_at),
    data: JSON.parse(row.data) as Record<string, unknown>,
    warnings: JSON.parse(row.warnings) as { field: string; message: string }[],
  }
}

/** A `quarantine` row. */
export interface QuarantineRow {
  id: string
  received_at: number
  status: number
  code: string
  reason: string
  issues: string
  raw_method: string
  raw_content_type: string | null
  raw_query: string | null
  body_bytes: number
}

/** A quarantined request as listed (without its body). */
export function toQuarantine(row: QuarantineRow): z.infer<typeof QuarantineSchema> {
  return {
    id: row.id,
    received_at: isoRequired(row.received_at),
    status: row.status,
    code: row.code,
    reason: row.reason,
    issues: JSON.parse(row.issues) as { field: string; message: string }[],
    raw: {
      method: row.raw_method,
      content_type: row.raw_content_type,
      query: row.raw_query ? (JSON.parse(row.raw_query) as Record<string, string>) : {},
      body_bytes: row.body_bytes,
    },
  }
}
