/** Operator actions, shared by the API and the dashboard: replay an event, retry a delivery. */
import { targetsConfig } from '../config'
import { planDeliveries } from '../deliver/plan'
import type { Env } from '../env'
import { AppError } from '../http/errors'
import { log } from '../http/log'
import type { LivecastEvent } from '../ingest/event'
import { insertDeliveries, resetDelivery } from '../store/deliveries'
import type { PlannedDelivery } from '../store/events'
import { getDelivery } from './read/deliveries'
import { getEvent } from './read/events'
import type { DeliveryRow } from './rows'

/**
 * Plans the event again through the same outbox as a new event and inserts the new pending
 * deliveries; `target` limits the replay to one target. Hand the result to `sendToQueue`.
 */
export async function replayEvent(
  env: Env,
  eventId: string,
  target?: string,
  now = Date.now()
): Promise<PlannedDelivery[]> {
  const row = await getEvent(env.DB, eventId)
  if (!row) throw new AppError(404, 'not_found', `No event with id ${JSON.stringify(eventId)}.`)
  const config = targetsConfig(env)
  if (!config.ok) {
    const message = `TARGETS is invalid, so nothing can be replayed: ${config.errors.join('; ')}`
    throw new AppError(503, 'config_invalid', message)
  }

  const event = {
    type: row.type,
    channel_id: row.channel_id,
    data: JSON.parse(row.data),
  } as LivecastEvent
  const planned = planDeliveries(config.targets, event, !!env.ARCHIVE, now)
  const chosen = target === undefined ? planned : planned.filter((p) => p.target === target)
  if (target !== undefined && chosen.length === 0) throw notApplicable(env, target, row.type)
  if (chosen.length === 0) {
    throw new AppError(409, 'no_targets', `No configured target takes ${row.type} events.`)
  }

  await insertDeliveries(env.DB, eventId, chosen, now)
  log.info({ msg: 'event.replayed', event_id: eventId, targets: chosen.map((p) => p.target) })
  return chosen
}

/** Puts one delivery back to pending, due now; 409 while an attempt is running. */
export async function retryDelivery(env: Env, id: string, now = Date.now()): Promise<DeliveryRow> {
  const existing = await getDelivery(env.DB, id)
  if (!existing) throw new AppError(404, 'not_found', `No delivery with id ${JSON.stringify(id)}.`)
  if (!(await resetDelivery(env.DB, id, now))) {
    throw new AppError(409, 'delivery_running', 'An attempt is running right now; retry later.')
  }
  const row = await getDelivery(env.DB, id)
  if (!row) throw new AppError(404, 'not_found', `No delivery with id ${JSON.stringify(id)}.`)
  log.info({
    msg: 'delivery.retry_requested',
    delivery_id: id,
    target: row.target,
    previous_status: existing.status,
  })
  return row
}

function notApplicable(env: Env, target: string, type: string): AppError {
  const config = targetsConfig(env)
  const known =
    (config.ok && config.targets.some((t) => t.name === target)) ||
    (target === 'archive' && !!env.ARCHIVE)
  const message = known
    ? `Target ${JSON.stringify(target)} does not take this ${type} event (events/channels filter).`
    : `No target named ${JSON.stringify(target)} is configured.`
  return new AppError(422, known ? 'target_not_applicable' : 'unknown_target', message, [
    { field: 'target', message },
  ])
}
