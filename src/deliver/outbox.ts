/** The outbox: which deliveries an event needs, and handing their ids to the queue. */
import { targetsConfig } from '../config'
import type { DeliveryMessage, Env } from '../env'
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

/** How long the request that opens a shared send waits for concurrent requests to join it. */
const JOIN_WINDOW_MS = 5

/** Cloudflare Queues takes at most 100 messages in one `sendBatch`. */
const SEND_BATCH_LIMIT = 100

// Delivery ids from concurrent requests of this isolate, waiting for the send one of them owns.
// Only plain ids are shared, never a promise or an I/O object: the owner sends them in its
// own request, and if that send is lost, the outbox rows are in D1 for the sweep.
const joining = new WeakMap<Queue<DeliveryMessage>, string[]>()

/**
 * Hands freshly committed deliveries to the queue, sharing one `sendBatch` with whatever other
 * requests commit in the next few milliseconds. Under a burst that turns one queue call per
 * event into one per handful of events; alone, it costs a 5 ms wait after the answer.
 */
export async function enqueueShared(env: Env, deliveries: { id: string }[]): Promise<void> {
  const queue = env.DELIVERIES
  if (!queue || deliveries.length === 0) return
  const ids = deliveries.map(({ id }) => id)
  const open = joining.get(queue)
  if (open && open.length + ids.length <= SEND_BATCH_LIMIT) {
    open.push(...ids)
    return
  }
  joining.set(queue, ids)
  await new Promise((resolve) => setTimeout(resolve, JOIN_WINDOW_MS))
  if (joining.get(queue) === ids) joining.delete(queue)
  await sendToQueue(
    env,
    ids.map((id) => ({ id }))
  )
}

/** After ingest commits: the queue when bound, else run the deliveries right away (waitUntil). */
export async function dispatch(env: Env, deliveries: { id: string }[]): Promise<void> {
  if (deliveries.length === 0) return
  if (env.DELIVERIES) return enqueueShared(env, deliveries)
  await runAll(
    env,
    deliveries.map(({ id }) => id)
  )
}
