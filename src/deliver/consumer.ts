/** Queue consumers: run each delivery on its own; the dead-letter queue marks what lands there. */
import { markArchiveExhausted } from '../archive/run'
import type { DeliveryMessage, Env } from '../env'
import { log } from '../http/log'
import { markDead } from '../store/deliveries'
import { runDeliveries, type RunResult } from './run'

/** Cloudflare Queues caps a message delay at 12 hours. */
const MAX_DELAY_SECONDS = 12 * 3600

/**
 * Claims the whole batch in one D1 round trip, then acks or retries every message by itself:
 * one failing delivery never affects the others.
 */
export async function consumeDeliveries(batch: MessageBatch<DeliveryMessage>, env: Env) {
  const ids = batch.messages.map((message) => message.body?.delivery_id).filter(isId)
  let results: Map<string, RunResult>
  try {
    results = await runDeliveries(env, [...new Set(ids)])
  } catch (err) {
    // D1 unreachable or similar: the messages come back; the sweep is the safety net too.
    log.error({ msg: 'delivery.claim_failed', deliveries: ids.length, error: String(err) })
    for (const message of batch.messages) message.retry({ delaySeconds: 30 })
    return
  }
  for (const message of batch.messages) {
    const result = results.get(message.body?.delivery_id)
    if (!result || result.state === 'done') {
      message.ack()
      continue
    }
    const delaySeconds = Math.ceil(Math.max(0, result.delayMs) / 1000)
    message.retry({ delaySeconds: Math.min(delaySeconds, MAX_DELAY_SECONDS) })
  }
}

const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0

/** Messages that exhausted the queue's own retries: the delivery is dead, kept for replay. */
export async function consumeDeadLetters(batch: MessageBatch<DeliveryMessage>, env: Env) {
  await Promise.all(
    batch.messages.map(async (message) => {
      try {
        const id = message.body.delivery_id
        const error = 'dead-lettered: the queue gave up on this delivery'
        const dead = await markDead(env.DB, id, error)
        if (dead?.kind === 'archive') await markArchiveExhausted(env, dead.event_id, error)
        log.warn({ msg: 'delivery.dead_lettered', delivery_id: id, changed: !!dead })
        message.ack()
      } catch (err) {
        log.error({ msg: 'delivery.dead_letter_failed', error: String(err) })
        message.retry({ delaySeconds: 60 })
      }
    })
  )
}
