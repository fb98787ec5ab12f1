/** Runs one attempt of one delivery: claim, send with a timeout, record, schedule what is next. */
import { ARCHIVE_TIMEOUT_MS, markArchiveExhausted, runArchive } from '../archive/run'
import { targetsConfig } from '../config'
import type { Env } from '../env'
import { log } from '../http/log'
import {
  claimDelivery,
  finishAttempt,
  flagTargetGone,
  type AttemptRecord,
} from '../store/deliveries'
import { loadEnvelope } from '../store/envelope'
import { afterAttempt } from './schedule'
import { TARGET_RUNNERS } from './targets'
import type { AttemptContext, AttemptOutcome, AttemptRunner, DeliveryRow } from './types'

/** Default per-attempt timeout for HTTP targets (DESIGN §6). */
export const DEFAULT_TIMEOUT_MS = 10_000

/** Deliveries run directly (no queue bound) a few at a time. */
const DIRECT_CONCURRENCY = 6

/** What the caller (queue or sweep) should do next with this delivery. */
export type RunResult = { state: 'done' } | { state: 'later'; delayMs: number }

/** Runs the delivery if it is due and nobody else holds it. */
export async function runDelivery(env: Env, id: string, now = Date.now()): Promise<RunResult> {
  const claim = await claimDelivery(env.DB, id, now)
  if (!('id' in claim)) {
    return claim.state === 'later'
      ? { state: 'later', delayMs: claim.dueAt - now }
      : { state: 'done' }
  }
  return attempt(env, claim)
}

async function attempt(env: Env, delivery: DeliveryRow): Promise<RunResult> {
  const startedAt = Date.now()
  const outcome = await execute(env, delivery)
  const ms = Date.now() - startedAt

  const { status, delayMs, error } = afterAttempt(delivery.kind, delivery.attempts, outcome)
  const exhausted = outcome.result === 'retry' && status === 'dead'

  const record: AttemptRecord = {
    delivery,
    startedAt,
    ms,
    outcome: outcome.result,
    status,
    statusCode: outcome.statusCode ?? null,
    error,
    excerpt: outcome.excerpt ?? null,
    nextAttemptAt: delayMs === undefined ? null : startedAt + ms + delayMs,
  }
  await finishAttempt(env.DB, record)
  if (outcome.result === 'dead' && outcome.gone) {
    await flagTargetGone(env.DB, delivery.target, outcome.error)
  }

  log[status === 'succeeded' ? 'info' : 'warn']({
    msg: 'delivery.attempt',
    delivery_id: delivery.id,
    event_id: delivery.event_id,
    target: delivery.target,
    kind: delivery.kind,
    attempt: delivery.attempts,
    status,
    status_code: record.statusCode,
    ms,
    error,
    next_attempt_in_ms: delayMs,
  })
  return delayMs === undefined ? { state: 'done' } : { state: 'later', delayMs }
}

/** Runs the attempt for the delivery's kind; a thrown error is a retry, never a lost delivery. */
async function execute(env: Env, delivery: DeliveryRow): Promise<AttemptOutcome> {
  const event = await loadEnvelope(env.DB, delivery.event_id)
  if (!event) return { result: 'dead', error: `event ${delivery.event_id} not found` }

  if (delivery.kind === 'archive') {
    const signal = AbortSignal.timeout(ARCHIVE_TIMEOUT_MS)
    return guarded(runArchive, { env, delivery, event, target: undefined, signal })
  }

  const config = targetsConfig(env)
  const target = config.ok ? config.targets.find((t) => t.name === delivery.target) : undefined
  const runner: AttemptRunner | undefined = target ? TARGET_RUNNERS[target.type] : undefined
  if (!config.ok) return { result: 'retry', error: `TARGETS is invalid: ${config.errors[0]}` }
  if (!runner || !target) {
    return { result: 'dead', error: `target ${delivery.target} is no longer configured` }
  }

  const signal = AbortSignal.timeout(target.timeout_ms ?? DEFAULT_TIMEOUT_MS)
  return guarded(runner, { env, delivery, event, target, signal })
}

/** A runner that throws has failed this attempt, not the delivery: retry it. */
async function guarded(runner: AttemptRunner, context: AttemptContext): Promise<AttemptOutcome> {
  try {
    return await runner(context)
  } catch (err) {
    return { result: 'retry', error: `runner failed: ${String(err)}` }
  }
}

/** Runs deliveries directly, a few at a time (no queue bound: ingest's waitUntil and the sweep). */
export async function runAll(env: Env, ids: string[]): Promise<void> {
  const queue = [...ids]
  const workers = Array.from({ length: Math.min(DIRECT_CONCURRENCY, queue.length) }, async () => {
    for (let id = queue.shift(); id; id = queue.shift()) {
      await runDelivery(env, id).catch((err) =>
        log.error({ msg: 'delivery.run_failed', delivery_id: id, error: String(err) })
      )
    }
  })
  await Promise.all(workers)
}
