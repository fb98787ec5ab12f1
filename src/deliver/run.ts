/** Runs deliveries: claim a set at once, attempt each with a timeout, record, schedule what is next. */
import { ARCHIVE_TIMEOUT_MS, markArchiveExhausted, runArchive } from '../archive/run'
import { targetsConfig } from '../config'
import type { Env } from '../env'
import { log } from '../http/log'
import { groupCommit } from '../lib/group-commit'
import {
  claimDeliveries,
  finishAttempts,
  flagTargetGone,
  type AttemptRecord,
} from '../store/deliveries'
import { envelopeFromRow, type EventRow } from '../store/envelope'
import { afterAttempt } from './schedule'
import { TARGET_RUNNERS } from './targets'
import type { AttemptContext, AttemptOutcome, AttemptRunner, DeliveryRow } from './types'

/** Default per-attempt timeout for HTTP targets (README, "Targets and delivery"). */
export const DEFAULT_TIMEOUT_MS = 10_000

/**
 * Attempts running at once in one invocation. Workers allow six open connections per
 * invocation and an archive copy holds two at once (the source fetch and the R2 upload), so
 * three never wait on each other for a connection.
 */
const CONCURRENCY = 3

/** Deliveries claimed per D1 round trip when running a list directly (sweep, no queue). */
const CHUNK = 50

/** When an attempt could not even be recorded (D1 unreachable): try again in this long. */
const UNRECORDED_RETRY_MS = 30_000

/** What the caller (queue or sweep) should do next with this delivery. */
export type RunResult = { state: 'done' } | { state: 'later'; delayMs: number }

/**
 * Claims the due ones among `ids` in one D1 round trip and attempts them, a few at a time.
 * Finished attempts are recorded together (group commit), each before its delivery counts as
 * done. Returns what to do next with each id; a delivery whose attempt failed to record comes
 * back later, so nothing is lost. Throws only when the claim itself fails.
 */
export async function runDeliveries(
  env: Env,
  ids: string[],
  now = Date.now()
): Promise<Map<string, RunResult>> {
  const { claimed, refused, events } = await claimDeliveries(env.DB, ids, now)
  const results = new Map<string, RunResult>()
  for (const [id, refusal] of refused) {
    const later = refusal.state === 'later'
    results.set(id, later ? { state: 'later', delayMs: refusal.dueAt - now } : { state: 'done' })
  }
  const record = groupCommit((records: AttemptRecord[]) => finishAttempts(env.DB, records))
  const recorded: Promise<void>[] = []
  await eachLimited(claimed, CONCURRENCY, async (delivery) => {
    const attempt = await attemptOnce(env, delivery, events.get(delivery.event_id))
    const written = record(attempt).then(
      async () => {
        results.set(delivery.id, await afterRecorded(env, attempt))
      },
      (err: unknown) => {
        log.error({ msg: 'delivery.record_failed', delivery_id: delivery.id, error: String(err) })
        results.set(delivery.id, { state: 'later', delayMs: UNRECORDED_RETRY_MS })
      }
    )
    recorded.push(written)
  })
  await Promise.all(recorded)
  return results
}

/** Runs deliveries directly, in chunks (no queue bound: ingest's waitUntil and the sweep). */
export async function runAll(env: Env, ids: string[]): Promise<void> {
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK)
    await runDeliveries(env, chunk).catch((err) =>
      log.error({ msg: 'delivery.run_failed', deliveries: chunk.length, error: String(err) })
    )
  }
}

/** Calls `task` for every item, at most `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/** Runs one attempt and decides what follows; never throws (a failure is a retry). */
async function attemptOnce(
  env: Env,
  delivery: DeliveryRow,
  stored: EventRow | undefined
): Promise<AttemptRecord> {
  const startedAt = Date.now()
  const outcome = await execute(env, delivery, stored).catch((err: unknown): AttemptOutcome => ({
    result: 'retry',
    error: `attempt failed: ${String(err)}`,
  }))
  const ms = Date.now() - startedAt
  const { status, delayMs, error } = afterAttempt(delivery.kind, delivery.attempts, outcome)
  return {
    delivery,
    startedAt,
    ms,
    outcome: outcome.result,
    status,
    statusCode: outcome.statusCode ?? null,
    error,
    excerpt: outcome.excerpt ?? null,
    nextAttemptAt: delayMs === undefined ? null : startedAt + ms + delayMs,
    gone: outcome.result === 'dead' && !!outcome.gone,
  }
}

/** Once the attempt is recorded: flag a gone target, log, and say when to come back. */
async function afterRecorded(env: Env, record: AttemptRecord): Promise<RunResult> {
  const { delivery, status, error, nextAttemptAt } = record
  try {
    if (record.gone) await flagTargetGone(env.DB, delivery.target, error ?? 'gone')
    // An archive that ran out of attempts settles its recording as failed or expired.
    const exhausted = record.outcome === 'retry' && status === 'dead'
    if (exhausted && delivery.kind === 'archive') {
      await markArchiveExhausted(env, delivery.event_id, error ?? 'out of attempts')
    }
  } catch (err) {
    // The attempt itself is recorded; only the flag or the recording's state is behind.
    log.error({ msg: 'delivery.settle_failed', delivery_id: delivery.id, error: String(err) })
  }
  const delayMs = nextAttemptAt === null ? undefined : nextAttemptAt - Date.now()
  log[status === 'succeeded' ? 'info' : 'warn']({
    msg: 'delivery.attempt',
    delivery_id: delivery.id,
    event_id: delivery.event_id,
    target: delivery.target,
    kind: delivery.kind,
    attempt: delivery.attempts,
    status,
    status_code: record.statusCode,
    ms: record.ms,
    error,
    next_attempt_in_ms: delayMs,
  })
  return delayMs === undefined
    ? { state: 'done' }
    : { state: 'later', delayMs: Math.max(0, delayMs) }
}

/** Runs the attempt for the delivery's kind; a thrown error is a retry, never a lost delivery. */
async function execute(
  env: Env,
  delivery: DeliveryRow,
  stored: EventRow | undefined
): Promise<AttemptOutcome> {
  if (!stored) return { result: 'dead', error: `event ${delivery.event_id} not found` }
  const event = envelopeFromRow(stored)

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
