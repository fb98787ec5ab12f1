/** Direct D1 inserts for states the hook cannot produce on demand (old times, failed deliveries). */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import handler from '../../src/index'
import type { Env } from '../../src/env'

/** A unique suffix for ids and channels in one test. */
export function unique(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`
}

/** Inserts an event row; returns its id. */
export async function seedEvent(row: {
  id?: string
  type?: string
  channelId: string
  receivedAt: number
  data?: object
}): Promise<string> {
  const id = row.id ?? unique('evt')
  const type = row.type ?? 'recording.completed'
  const data = row.data ?? {
    channel_id: row.channelId,
    url: `https://s3.amazonaws.com/svc/r/${id}.mp4`,
    filesize: 1000,
    duration: 12.5,
    thumbnail: null,
  }
  await env.DB.prepare(
    `INSERT INTO events (id, type, channel_id, received_at, dedup_key, data, warnings, raw_method,
       raw_content_type, raw_body, raw_query) VALUES (?, ?, ?, ?, ?, ?, '[]', 'POST',
       'application/json', ?, '{}')`
  )
    .bind(id, type, row.channelId, row.receivedAt, `seed:${id}`, JSON.stringify(data), '{}')
    .run()
  return id
}

/** Inserts a recording row (and its event); returns the recording id. */
export async function seedRecording(row: {
  id?: string
  channelId: string
  receivedAt: number
}): Promise<string> {
  const id = row.id ?? unique('rec')
  const eventId = await seedEvent({ channelId: row.channelId, receivedAt: row.receivedAt })
  await env.DB.prepare(
    `INSERT INTO recordings (id, event_id, channel_id, url, filesize, duration, received_at)
     VALUES (?, ?, ?, ?, 1000, 12.5, ?)`
  )
    .bind(id, eventId, row.channelId, `https://s3.amazonaws.com/svc/r/${id}.mp4`, row.receivedAt)
    .run()
  return id
}

/** Inserts a delivery row in any state; returns its id. */
export async function seedDelivery(row: {
  id?: string
  eventId: string
  target?: string
  kind?: string
  status: string
  createdAt?: number
  leaseUntil?: number | null
  lastError?: string | null
  excerpt?: string | null
}): Promise<string> {
  const id = row.id ?? unique('dlv')
  const at = row.createdAt ?? Date.now()
  await env.DB.prepare(
    `INSERT INTO deliveries (id, event_id, target, kind, status, attempts, next_attempt_at,
       lease_until, last_status_code, last_error, response_excerpt, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 3, ?, ?, 404, ?, ?, ?, ?)`
  )
    .bind(
      id,
      row.eventId,
      row.target ?? 'media',
      row.kind ?? 'webhook',
      row.status,
      at + 60_000,
      row.leaseUntil ?? null,
      row.lastError ?? 'HTTP 404',
      row.excerpt ?? null,
      at,
      at
    )
    .run()
  return id
}

/** Calls the worker's fetch handler with a modified environment (other TARGETS, no token…). */
export async function fetchWith(
  overrides: Partial<Env>,
  path: string,
  init: RequestInit = {}
): Promise<Response> {
  const request = new Request(new URL(path, 'http://relay.test'), init)
  const ctx = createExecutionContext()
  const response = await handler.fetch(request, { ...env, ...overrides }, ctx)
  await waitOnExecutionContext(ctx)
  return response
}
