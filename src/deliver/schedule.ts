/** Retry maths: per-kind schedules with jitter, Retry-After, and how an HTTP answer is judged. */
import type { AttemptOutcome } from './types'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

/** Delay before retry n (index 0 = after the first failure); past the end the delivery is dead. */
export const RETRY_SCHEDULES: Record<string, number[]> = {
  webhook: [5, 30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600].map((s) => s * SECOND),
  // Chat messages are stale after ~45 minutes: better dead and replayable than late.
  slack: [5 * SECOND, 30 * SECOND, 2 * MINUTE, 10 * MINUTE, 30 * MINUTE],
  discord: [5 * SECOND, 30 * SECOND, 2 * MINUTE, 10 * MINUTE, 30 * MINUTE],
  // RemoteMonster deletes the file 6 h after the webhook, so the archive schedule ends inside it.
  archive: [30 * SECOND, 2 * MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, HOUR, HOUR],
}

/** Jitter applied to scheduled delays, so a recovered target is not hit by a thundering herd. */
export const JITTER = 0.2

/** A server's Retry-After is honoured up to this cap. */
export const RETRY_AFTER_CAP_MS = 6 * HOUR

/** The delay before the next attempt, or undefined when the schedule is exhausted. */
export function nextDelayMs(
  kind: string,
  attemptsMade: number,
  retryAfterMs?: number,
  random = Math.random
): number | undefined {
  const schedule = RETRY_SCHEDULES[kind] ?? RETRY_SCHEDULES.webhook!
  const base = schedule[attemptsMade - 1]
  if (base === undefined) return undefined

  const jittered = Math.round(base * (1 + JITTER * (2 * random() - 1)))
  if (retryAfterMs === undefined) return jittered
  // The server asked for a pause: never retry sooner than it said, never wait past the cap.
  return Math.max(jittered, Math.min(retryAfterMs, RETRY_AFTER_CAP_MS))
}

/** Parses Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined
  const text = header.trim()
  if (/^\d+$/.test(text)) return Number(text) * SECOND

  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

const RETRYABLE = new Set([408, 425, 429])

/** 408, 425, 429 and 5xx: the other side may answer differently later. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE.has(status) || status >= 500
}

/** Judges an HTTP answer: 2xx done, 408/425/429/5xx retry, 410 gone, other 4xx dead. */
export function classifyStatus(
  status: number,
  excerpt: string,
  retryAfterMs?: number
): AttemptOutcome {
  if (status >= 200 && status < 300) return { result: 'succeeded', statusCode: status, excerpt }

  const error = `HTTP ${status}`
  if (isRetryableStatus(status)) {
    return { result: 'retry', statusCode: status, error, excerpt, retryAfterMs }
  }
  if (status === 410) {
    return {
      result: 'dead',
      statusCode: status,
      error: 'HTTP 410: target gone',
      excerpt,
      gone: true,
    }
  }
  return { result: 'dead', statusCode: status, error, excerpt }
}

/** A delivery's state after an attempt: its status, the wait before the next one, the error kept. */
export interface NextState {
  status: 'succeeded' | 'failed' | 'dead'
  delayMs: number | undefined
  error: string | null
}

/** Decides what follows an attempt; a retry past the end of the schedule is dead. */
export function afterAttempt(
  kind: string,
  attemptsMade: number,
  outcome: AttemptOutcome,
  random = Math.random
): NextState {
  if (outcome.result === 'succeeded')
    return { status: 'succeeded', delayMs: undefined, error: null }
  if (outcome.result === 'dead') return { status: 'dead', delayMs: undefined, error: outcome.error }

  const delayMs = nextDelayMs(kind, attemptsMade, outcome.retryAfterMs, random)
  if (delayMs !== undefined) return { status: 'failed', delayMs, error: outcome.error }
  const error = `gave up after ${attemptsMade} attempts: ${outcome.error}`
  return { status: 'dead', delayMs: undefined, error }
}
