/** D1 access for the delivery outbox: create, reset for retry, and list what is due. */
import type { PlannedDelivery } from './events'

/** Inserts new pending deliveries for an already stored event (replay). */
export async function insertDeliveries(
  db: D1Database,
  eventId: string,
  deliveries: PlannedDelivery[],
  now = Date.now()
): Promise<void> {
  if (deliveries.length === 0) return
  await db.batch(
    deliveries.map((delivery) =>
      db
        .prepare(
          `INSERT INTO deliveries (id, event_id, target, kind, status, next_attempt_at,
             created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'pending', ?5, ?5, ?5)`
        )
        .bind(delivery.id, eventId, delivery.target, delivery.kind, now)
    )
  )
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
