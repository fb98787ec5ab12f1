/** The outbox: which deliveries an event needs, and handing their ids to the queue. */
import { targetsConfig } from '../config'
import type { Env } from '../env'
import { log } from '../http/log'
import type { LivecastEvent } from '../ingest/event'
import type { PlannedDelivery } from '../store/events'
import { planDeliveries as plan } from './plan'
import { runAll } from './run'

/** One delivery per configured target that wants this event, plus the archive if bound. */
export function planDeliveries(env: Env, event: LivecastEvent): PlannedDelivery[] {
  const config = targetsConfig(env)
  return plan(config.ok ? config.targets : [], event, !!env.ARCHIVE)
}

/**
 * Fast path only: hands delivery ids to the queue. A failed send is logged and left to the
 * cron sweep, never an error, because the outbox rows are already committed.
 */
export async function sendToQueue(env: Env, deliveries: { id: string }[]): Promise<void> {
  if (!env.DELIVERIES || deliveries.length === 0) return
  try {
    await env.DELIVERIES.sendBatch(deliveries.map(({ id }) => ({ body: { delivery_id: id } })))
  } catch (err) {
    log.warn({ msg: 'queue.send_failed', deliveries: deliveries.length, error: String(err) })
  }
}

/** After ingest commits: the queue when bound, else run the deliveries right away (waitUntil). */
export async function dispatch(env: Env, deliveries: { id: string }[]): Promise<void> {
  if (deliveries.length === 0) return
  if (env.DELIVERIES) return sendToQueue(env, deliveries)
  await runAll(
    env,
    deliveries.map(({ id }) => id)
  )
}
