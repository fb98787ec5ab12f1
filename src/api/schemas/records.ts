/** Response schemas for the records the API exposes; the OpenAPI document is built from these. */
import { z } from '@hono/zod-openapi'
import { EVENT_TYPES } from '../../ingest/event'
import { Timestamp } from './common'

/** Every state a delivery can be in. */
export const DELIVERY_STATUSES = ['pending', 'delivering', 'succeeded', 'failed', 'dead'] as const

/** Every state a channel can be in; `unknown` means only a recording has named it. */
export const CHANNEL_STATUSES = ['live', 'closed', 'unknown'] as const

const Warning = z.object({ field: z.string(), message: z.string() })

/** One delivery as listed beside a recording: which target, in which state. */
export const DeliverySummarySchema = z
  .object({
    id: z.string(),
    target: z.string(),
    kind: z.string(),
    status: z.enum(DELIVERY_STATUSES),
  })
  .openapi('DeliverySummary')

/** One (event, target) delivery with its latest outcome. */
export const DeliverySchema = DeliverySummarySchema.extend({
  event_id: z.string(),
  attempts: z.number().int(),
  next_attempt_at: Timestamp.nullable(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  response_excerpt: z.string().nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
  completed_at: Timestamp.nullable(),
}).openapi('Delivery')

/** One recorded attempt of a delivery. */
export const AttemptSchema = z
  .object({
    attempt: z.number().int(),
    started_at: Timestamp,
    ms: z.number().int(),
    outcome: z.string(),
    status_code: z.number().int().nullable(),
    error: z.string().nullable(),
    response_excerpt: z.string().nullable(),
  })
  .openapi('Attempt')

/** A delivery with every attempt, oldest first. */
export const DeliveryDetailSchema = DeliverySchema.extend({
  attempts_log: z.array(AttemptSchema),
}).openapi('DeliveryDetail')

/** The R2 copy of a recording; `file` is the API path that streams it once copied. */
export const ArchiveSchema = z
  .object({
    state: z.string().openapi({ description: 'none, pending, copied, failed or expired' }),
    key: z.string().nullable(),
    size: z.number().int().nullable(),
    etag: z.string().nullable(),
    error: z.string().nullable(),
    archived_at: Timestamp.nullable(),
    file: z.string().nullable(),
  })
  .openapi('Archive')

/** A finished recording, its archive state and where it was delivered. */
export const RecordingSchema = z
  .object({
    id: z.string(),
    event_id: z.string(),
    channel_id: z.string(),
    url: z.string(),
    filesize: z.number().int().nullable(),
    duration: z.number().nullable(),
    thumbnail: z.string().nullable(),
    received_at: Timestamp,
    archive: ArchiveSchema,
    deliveries: z.array(DeliverySummarySchema),
  })
  .openapi('Recording')

/** A recording with its full deliveries. */
export const RecordingDetailSchema = RecordingSchema.extend({
  deliveries: z.array(DeliverySchema),
}).openapi('RecordingDetail')

/** A channel and its latest known state. */
export const ChannelSchema = z
  .object({
    id: z.string(),
    status: z.enum(CHANNEL_STATUSES),
    status_at: Timestamp.nullable(),
    first_seen_at: Timestamp,
    created_at: Timestamp.nullable(),
    closed_at: Timestamp.nullable(),
    last_event_id: z.string().nullable(),
    last_recording_id: z.string().nullable(),
    last_recording_at: Timestamp.nullable(),
  })
  .openapi('Channel')

/** One accepted, normalised event. */
export const EventSchema = z
  .object({
    id: z.string(),
    type: z.enum(EVENT_TYPES),
    channel_id: z.string(),
    received_at: Timestamp,
    data: z.record(z.string(), z.unknown()),
    warnings: z.array(Warning),
  })
  .openapi('Event')

/** The request as it arrived; `body` only on single-record routes. */
export const RawRequestSchema = z
  .object({
    method: z.string(),
    content_type: z.string().nullable(),
    query: z.record(z.string(), z.string()),
    body: z.string().nullable(),
  })
  .openapi('RawRequest')

/** An event with its raw request and its deliveries. */
export const EventDetailSchema = EventSchema.extend({
  raw: RawRequestSchema,
  deliveries: z.array(DeliverySchema),
}).openapi('EventDetail')

/** An authenticated request that was refused, and why. */
export const QuarantineSchema = z
  .object({
    id: z.string(),
    received_at: Timestamp,
    status: z.number().int(),
    code: z.string(),
    reason: z.string(),
    issues: z.array(Warning),
    raw: RawRequestSchema.omit({ body: true }).extend({ body_bytes: z.number().int() }),
  })
  .openapi('Quarantined')

/** A quarantined request with its body. */
export const QuarantineDetailSchema = QuarantineSchema.extend({
  raw: RawRequestSchema.extend({ body_bytes: z.number().int() }),
}).openapi('QuarantinedDetail')
