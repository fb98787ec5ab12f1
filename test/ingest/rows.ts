/** Test helpers for the ingest path: unique hook URLs, calls with a changed env, stored rows. */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import worker from '../../src/index'
import type { Env } from '../../src/env'

export const TOKEN = 'test-ingest-token'

/** The hook URL with a unique `probe` query field, so rows of one test can be found again. */
export function probeHook(query: Record<string, string> = {}, slash = true) {
  const probe = `p-${crypto.randomUUID()}`
  const url = new URL(`http://relay.test/hooks/${TOKEN}${slash ? '/' : ''}`)
  for (const [name, value] of Object.entries({ ...query, probe })) url.searchParams.set(name, value)
  return { url: url.toString(), probe }
}

/** Calls the worker's fetch handler directly with some bindings replaced. */
export async function fetchWithEnv(request: Request, changes: Partial<Env>): Promise<Response> {
  const ctx = createExecutionContext()
  const response = await worker.fetch(request, { ...env, ...changes } as Env, ctx)
  await waitOnExecutionContext(ctx)
  return response
}

/** A stored event with its JSON columns parsed. */
export interface EventRow {
  id: string
  type: string
  channel_id: string
  data: Record<string, unknown>
  warnings: { field: string; message: string }[]
  raw_method: string
  raw_content_type: string | null
  raw_body: string | null
  raw_query: Record<string, string>
}

/** The stored event with this id, or null. */
export async function eventRow(id: string): Promise<EventRow | null> {
  const row = await env.DB.prepare('SELECT * FROM events WHERE id = ?')
    .bind(id)
    .first<Record<string, string>>()
  if (!row) return null
  return {
    ...(row as unknown as EventRow),
    data: JSON.parse(row.data!),
    warnings: JSON.parse(row.warnings!),
    raw_query: JSON.parse(row.raw_query!),
  }
}

/** A quarantine row with its issues parsed. */
export interface QuarantineRow {
  status: number
  code: string
  reason: string
  issues: { field: string; message: string }[]
  raw_method: string
  raw_content_type: string | null
  raw_body: string | null
  raw_query: string
}

/** Quarantine rows whose stored query carries this probe. */
export async function quarantineRows(probe: string): Promise<QuarantineRow[]> {
  const { results } = await env.DB.prepare(
    `SELECT status, code, reason, issues, raw_method, raw_content_type, raw_body, raw_query
     FROM quarantine WHERE raw_query LIKE ?1 ORDER BY id`
  )
    .bind(`%${probe}%`)
    .all<QuarantineRow & { issues: string }>()
  return results.map((row) => ({ ...row, issues: JSON.parse(row.issues) }))
}

/** Events of one channel, oldest first. */
export async function eventsOfChannel(channelId: string) {
  const { results } = await env.DB.prepare(
    'SELECT id, type FROM events WHERE channel_id = ? ORDER BY received_at, id'
  )
    .bind(channelId)
    .all<{ id: string; type: string }>()
  return results
}

/** A recording body for a channel id, with unique values by default. */
export function recordingFields(channel = `ch-${crypto.randomUUID()}`, extra: object = {}) {
  return { id: channel, url: `https://s3.amazonaws.com/svc/k2m9/${channel}.mp4`, ...extra }
}

/** The JSON answer of a response. */
export async function answer(response: Response) {
  return response.json<Record<string, unknown> & { error?: { code: string; issues: unknown[] } }>()
}
