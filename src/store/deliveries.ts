/** D1 access for the delivery outbox: create, reset for retry, and list what is due. */
import type { DeliveryRow } from '../deliver/types'
import type { EventRow } from './envelope'
import type { PlannedDelivery } from './events'

/** Inserts new pending deliveries for an already stored event (replay). */
export async function insertDeliveries(
  db: D1Database,
  eventId: string,
  deliveries: PlannedDelivery[],
  now = Date.now()
): Promise<void> {
  if (deliveries.length === 0) return
  await outboxInsert(db, eventId, deliveries, now).run()
}

/**
 * One statement that writes every outbox row of an event: the deliveries travel as one JSON
 * array. `onlyIf` is a `WHERE` clause on `?1` (its `key`) and `?2` (the event id); the ingest
 * batch uses it to write nothing unless its dedup claim held.
 */
export function outboxInsert(
  db: D1Database,
  eventId: string,
  deliveries: PlannedDelivery[],
  now: number,
  onlyIf?: { sql: string; key: string }
): D1PreparedStatement {
  const rows = JSON.stringify(deliveries.map(({ id, target, kind }) => [id, target, kind]))
  return db
    .prepare(
      `INSERT INTO deliveries (id, event_id, target, kind, status, next_attempt_at, created_at,
         updated_at)
       SELECT value ->> 0, ?2, value ->> 1, value ->> 2, 'pending', ?4, ?4, ?4
       FROM json_each(?3) ${onlyIf?.sql ?? ''}`
    )
    .bind(onlyIf?.key ?? null, eventId, rows, now)
}

/**
 * Puts a finished or failing delivery back to pending, due now, with a fresh attempt budget.
 * A delivery that is running right now is left alone. Returns false when nothing changed.
 */
export async function resetDelivery(db: D1Database, id: string, now = Date.now()) {
  const result = await db
    .prepare(
      `UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?2,
         lease_until = NULL, updated_at = ?2, completed_at = NULL
       WHERE id = ?1 AND NOT (status = 'delivering' AND lease_until > ?2)`
    )
    .bind(id, now)
    .run()
  return result.meta.changes > 0
}

/** Longest HTTP attempt (the 60 s timeout cap) plus room to record it. */
export const HTTP_LEASE_MS = 90_000

/** An archive copy may stream for up to the queue consumer's 15-minute wall-clock limit. */
export const ARCHIVE_LEASE_MS = 16 * 60_000

/** Why a delivery could not be claimed: finished, not yet due, or running elsewhere. */
export type ClaimRefusal =
  { state: 'finished' } | { state: 'missing' } | { state: 'later'; dueAt: number }

/** The outcome of claiming a set of deliveries, with the stored events the claimed ones need. */
export interface ClaimedBatch {
  claimed: DeliveryRow[]
  refused: Map<string, ClaimRefusal>
  events: Map<string, EventRow>
}

/**
 * Claims every due delivery among `ids` for one attempt: status `delivering`, attempts + 1 and
 * a lease, in one statement, so the queue and the sweep never run one twice at once. An expired
 * lease (a crashed attempt) can be claimed again. The same D1 round trip reads why the others
 * were refused and loads the events of the claimed ones.
 */
export async function claimDeliveries(
  db: D1Database,
  ids: string[],
  now = Date.now()
): Promise<ClaimedBatch> {
  const idList = JSON.stringify(ids)
  const inIds = 'IN (SELECT value FROM json_each(?1))'
  const results = await db.batch<Record<string, unknown>>([
    db
      .prepare(
        `UPDATE deliveries SET status = 'delivering', attempts = attempts + 1,
           lease_until = ?2 + CASE kind WHEN 'archive' THEN ?4 ELSE ?3 END, updated_at = ?2
         WHERE id ${inIds} AND ((status IN ('pending', 'failed') AND next_attempt_at <= ?2)
           OR (status = 'delivering' AND lease_until <= ?2))
         RETURNING id, event_id, target, kind, status, attempts, created_at`
      )
      .bind(idList, now, HTTP_LEASE_MS, ARCHIVE_LEASE_MS),
    db
      .prepare(`SELECT id, status, next_attempt_at, lease_until FROM deliveries WHERE id ${inIds}`)
      .bind(idList),
    db
      .prepare(
        `SELECT * FROM events WHERE id IN (SELECT event_id FROM deliveries WHERE id ${inIds}
           AND status = 'delivering' AND updated_at = ?2)`
      )
      .bind(idList, now),
  ])
  const [claim, states, events] = results as [D1Result, D1Result, D1Result]
  const claimed = claim.results as unknown as DeliveryRow[]
  const taken = new Set(claimed.map((row) => row.id))
  const known = new Map(
    (states.results as unknown as StateRow[]).map((row) => [row.id, refusalOf(row, now)])
  )
  const refused = new Map<string, ClaimRefusal>()
  for (const id of ids) {
    if (!taken.has(id)) refused.set(id, known.get(id) ?? { state: 'missing' })
  }
  const rows = events.results as unknown as EventRow[]
  return { claimed, refused, events: new Map(rows.map((row) => [row.id, row])) }
}

interface StateRow {
  id: string
  status: string
  next_attempt_at: number
  lease_until: number | null
}

function refusalOf(row: StateRow, now: number): ClaimRefusal {
  if (row.status === 'succeeded' || row.status === 'dead') return { state: 'finished' }
  const dueAt = row.status === 'delivering' ? (row.lease_until ?? now) : row.next_attempt_at
  return { state: 'later', dueAt }
}

/** How an attempt ended, as it is written to D1. */
export interface AttemptRecord {
  delivery: DeliveryRow
  startedAt: number
  ms: number
  outcome: 'succeeded' | 'retry' | 'dead'
  status: 'succeeded' | 'failed' | 'dead'
  statusCode: number | null
  error: string | null
  excerpt: string | null
  nextAttemptAt: number | null
  /** The target answered 410 Gone. */
  gone: boolean
}

/**
 * Records attempts and moves their deliveries on, all in one batch. Each update only applies
 * while its attempt still holds the claim, so a run that outlived its lease cannot overwrite a
 * newer one.
 */
export async function finishAttempts(db: D1Database, records: AttemptRecord[]): Promise<void> {
  if (records.length === 0) return
  await db.batch(records.flatMap((record) => finishStatements(db, record)))
}

function finishStatements(db: D1Database, record: AttemptRecord) {
  const { delivery, startedAt, ms, statusCode, error, excerpt } = record
  const finishedAt = startedAt + ms
  const terminal = record.status !== 'failed'
  return [
    db
      .prepare(
        `INSERT INTO attempts (delivery_id, attempt, started_at, ms, outcome, status_code, error,
           response_excerpt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .bind(
        delivery.id,
        delivery.attempts,
        startedAt,
        ms,
        record.outcome,
        statusCode,
        error,
        excerpt
      ),
    db
      .prepare(
        `UPDATE deliveries SET status = ?3, next_attempt_at = coalesce(?4, next_attempt_at),
           lease_until = NULL, last_status_code = ?5, last_error = ?6, response_excerpt = ?7,
           updated_at = ?8, completed_at = ?9
         WHERE id = ?1 AND status = 'delivering' AND attempts = ?2`
      )
      .bind(
        delivery.id,
        delivery.attempts,
        record.status,
        record.nextAttemptAt,
        statusCode,
        error,
        excerpt,
        finishedAt,
        terminal ? finishedAt : null
      ),
  ]
}

/** Deliveries the queue should have run by now (due before `dueBefore`) or whose lease expired. */
export async function dueDeliveries(
  db: D1Database,
  dueBefore: number,
  now = Date.now(),
  limit = 200
): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT id FROM deliveries
       WHERE (status IN ('pending', 'failed') AND next_attempt_at <= ?1)
          OR (status = 'delivering' AND lease_until <= ?2)
       ORDER BY next_attempt_at LIMIT ?3`
    )
    .bind(dueBefore, now, limit)
    .all<{ id: string }>()
  return results.map((row) => row.id)
}

/** Marks a delivery dead unless it already finished; returns it when it changed. */
export async function markDead(db: D1Database, id: string, error: string, now = Date.now()) {
  return db
    .prepare(
      `UPDATE deliveries SET status = 'dead', lease_until = NULL, last_error = ?2,
         updated_at = ?3, completed_at = ?3
       WHERE id = ?1 AND status NOT IN ('succeeded', 'dead')
       RETURNING event_id, kind`
    )
    .bind(id, error, now)
    .first<{ event_id: string; kind: string }>()
}

/** Flags a target that answered 410 Gone, for the operator to see. */
export async function flagTargetGone(db: D1Database, target: string, reason: string) {
  await db
    .prepare(
      `INSERT INTO target_flags (target, gone_at, reason) VALUES (?1, ?2, ?3)
       ON CONFLICT (target) DO UPDATE SET gone_at = excluded.gone_at, reason = excluded.reason`
    )
    .bind(target, Date.now(), reason)
    .run()
}
