/** The cron safety net: re-enqueue deliveries the queue missed, or run them when there is no queue. */
import type { Env } from '../env'
import { log } from '../http/log'
import { dueDeliveries } from '../store/deliveries'
import { sendToQueue } from './outbox'
import { runAll } from './run'

/** How overdue a delivery must be before the sweep assumes its queue message was lost. */
export const SWEEP_GRACE_MS = 30_000

// Without a queue the sweep runs deliveries itself; this keeps one invocation inside the
// Workers Free limit of 50 subrequests.
const DIRECT_LIMIT = 40

/** Finds due or stranded deliveries and hands them on; returns how many it found. */
export async function sweep(env: Env, now = Date.now()): Promise<number> {
  if (env.DELIVERIES) {
    const ids = await dueDeliveries(env.DB, now - SWEEP_GRACE_MS, now)
    for (let i = 0; i < ids.length; i += 100) {
      await sendToQueue(
        env,
        ids.slice(i, i + 100).map((id) => ({ id }))
      )
    }
    if (ids.length) log.info({ msg: 'sweep.enqueued', deliveries: ids.length })
    return ids.length
  }
  const ids = await dueDeliveries(env.DB, now, now, DIRECT_LIMIT)
  await runAll(env, ids)
  if (ids.length) log.info({ msg: 'sweep.ran', deliveries: ids.length })
  return ids.length
}
