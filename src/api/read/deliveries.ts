/** D1 reads of deliveries and attempts for the API and the dashboard. */
import { readPage, type Page } from '../paging'
import type { AttemptRow, DeliveryRow } from '../rows'

const COLUMNS = `id, event_id, target, kind, status, attempts, next_attempt_at, last_status_code,
  last_error, response_excerpt, created_at, updated_at, completed_at`

// D1 allows 100 bound parameters per statement.
const IDS_PER_QUERY = 90

/** Filters for the deliveries list. */
export interface DeliveryFilter {
  statuses?: readonly string[]
  target?: string
  eventId?: string
  cursor?: string
  limit: number
}

/** Deliveries newest first (by creation), filtered by status, target and event. */
export function listDeliveries(db: D1Database, filter: DeliveryFilter): Promise<Page<DeliveryRow>> {
  const statuses = filter.statuses ?? []
  return readPage<DeliveryRow>(db, {
    table: 'deliveries',
    columns: COLUMNS,
    sortAt: 'created_at',
    where: [
      statuses.length > 0 && [`status IN (${statuses.map(() => '?').join(', ')})`, ...statuses],
      filter.target !== undefined && ['target = ?', filter.target],
      filter.eventId !== undefined && ['event_id = ?', filter.eventId],
    ],
    cursor: filter.cursor,
    limit: filter.limit,
  })
}

/** One delivery, or null. */
export function getDelivery(db: D1Database, id: string): Promise<DeliveryRow | null> {
  return db.prepare(`SELECT ${COLUMNS} FROM deliveries WHERE id = ?`).bind(id).first<DeliveryRow>()
}

/** Every delivery of the given events, grouped by event id, oldest first within an event. */
export async function deliveriesForEvents(
  db: D1Database,
  eventIds: string[]
): Promise<Map<string, DeliveryRow[]>> {
  const byEvent = new Map<string, DeliveryRow[]>()
  const chunks: string[][] = []
  for (let i = 0; i < eventIds.length; i += IDS_PER_QUERY) {
    chunks.push(eventIds.slice(i, i + IDS_PER_QUERY))
  }
  const results = await Promise.all(
    chunks.map((ids) =>
      db
        .prepare(
          `SELECT ${COLUMNS} FROM deliveries WHERE event_id IN (${ids.map(() => '?').join(', ')})
           ORDER BY created_at, id`
        )
        .bind(...ids)
        .all<DeliveryRow>()
    )
  )
  for (const row of results.flatMap((result) => result.results)) {
    byEvent.set(row.event_id, [...(byEvent.get(row.event_id) ?? []), row])
  }
  return byEvent
}

/** Every recorded attempt of one delivery, oldest first. */
export async function attemptsFor(db: D1Database, deliveryId: string): Promise<AttemptRow[]> {
  const { results } = await db
    .prepare(
      `SELECT attempt, started_at, ms, outcome, status_code, error, response_excerpt
       FROM attempts WHERE delivery_id = ? ORDER BY attempt, id`
    )
    .bind(deliveryId)
    .all<AttemptRow>()
  return results
}
