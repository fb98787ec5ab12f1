/** The outbox: which deliveries an event needs, and handing their ids to the queue. */
import type { Env } from '../env'
import type { LivecastEvent } from '../ingest/event'
import { log } from '../http/log'
import type { PlannedDelivery } from '../store/events'

/** One delivery per target that wants this event. */
export function planDeliveries(_env: Env, _event: LivecastEvent): PlannedDelivery[] {
  return []
}

/** Fast path only: a failed send is logged and left to the cron sweep, never an error. */
export async function sendToQueue(env: Env, deliveries: PlannedDelivery[]): Promise<void> {
  if (!env.DELIVERIES || deliveries.length === 0) return
  try {
    await env.DELIVERIES.sendBatch(deliveries.map(({ id }) => ({ body: { delivery_id: id } })))
  } catch (err) {
    log.warn({ msg: 'queue.send_failed', deliveries: deliveries.length, error: String(err) })
  }
}
