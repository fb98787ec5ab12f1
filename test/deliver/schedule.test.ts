import { describe, expect, it } from 'vitest'
import {
  afterAttempt,
  classifyStatus,
  nextDelayMs,
  parseRetryAfter,
  RETRY_SCHEDULES,
} from '../../src/deliver/schedule'

describe('nextDelayMs', () => {
  it('follows the webhook schedule with no jitter at the midpoint', () => {
    expect(nextDelayMs('webhook', 1, undefined, () => 0.5)).toBe(5_000)
    expect(nextDelayMs('webhook', 2, undefined, () => 0.5)).toBe(30_000)
    expect(nextDelayMs('webhook', 9, undefined, () => 0.5)).toBe(12 * 3600_000)
  })

  it('keeps jitter within ±20%', () => {
    expect(nextDelayMs('slack', 1, undefined, () => 0)).toBe(4_000)
    expect(nextDelayMs('slack', 1, undefined, () => 0.999999)).toBe(6_000)
  })

  it('is exhausted after the last step of each schedule', () => {
    expect(nextDelayMs('webhook', 10)).toBeUndefined()
    expect(nextDelayMs('slack', 6)).toBeUndefined()
    expect(nextDelayMs('discord', 6)).toBeUndefined()
    expect(nextDelayMs('archive', 9)).toBeUndefined()
    expect(RETRY_SCHEDULES.archive!.reduce((a, b) => a + b, 0)).toBeLessThan(6 * 3600_000)
  })

  it('never retries sooner than Retry-After, and caps it at six hours', () => {
    expect(nextDelayMs('slack', 1, 7_000, () => 0.5)).toBe(7_000)
    expect(nextDelayMs('slack', 1, 1_000, () => 0.5)).toBe(5_000)
    expect(nextDelayMs('webhook', 1, 48 * 3600_000, () => 0.5)).toBe(6 * 3600_000)
  })
})

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2026-12-03T10:00:00Z')
    expect(parseRetryAfter('7', now)).toBe(7_000)
    expect(parseRetryAfter('Thu, 03 Dec 2026 10:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Thu, 03 Dec 2026 09:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
  })
})

describe('classifyStatus', () => {
  it('treats 2xx as delivered', () => {
    expect(classifyStatus(204, '')).toEqual({ result: 'succeeded', statusCode: 204, excerpt: '' })
  })

  it('retries 408, 425, 429 and 5xx', () => {
    for (const status of [408, 425, 429, 500, 502, 503]) {
      expect(classifyStatus(status, '').result).toBe('retry')
    }
    expect(classifyStatus(429, '', 7_000)).toMatchObject({ retryAfterMs: 7_000 })
  })

  it('gives up on 410 with the gone flag and on other 4xx', () => {
    expect(classifyStatus(410, 'bye')).toMatchObject({ result: 'dead', gone: true })
    expect(classifyStatus(404, 'nope')).toEqual({
      result: 'dead',
      statusCode: 404,
      error: 'HTTP 404',
      excerpt: 'nope',
    })
  })
})

describe('afterAttempt', () => {
  const half = () => 0.5

  it('moves a failed attempt to failed with the next delay', () => {
    const outcome = { result: 'retry', error: 'HTTP 503', statusCode: 503 } as const
    expect(afterAttempt('webhook', 1, outcome, half)).toEqual({
      status: 'failed',
      delayMs: 5_000,
      error: 'HTTP 503',
    })
  })

  it('declares a retry past the schedule dead, saying how many attempts were made', () => {
    const outcome = { result: 'retry', error: 'HTTP 503' } as const
    expect(afterAttempt('slack', 6, outcome, half)).toEqual({
      status: 'dead',
      delayMs: undefined,
      error: 'gave up after 6 attempts: HTTP 503',
    })
  })

  it('keeps success and permanent failure as they are', () => {
    expect(afterAttempt('webhook', 1, { result: 'succeeded', statusCode: 200 })).toEqual({
      status: 'succeeded',
      delayMs: undefined,
      error: null,
    })
    expect(afterAttempt('webhook', 1, { result: 'dead', error: 'HTTP 404' })).toMatchObject({
      status: 'dead',
      error: 'HTTP 404',
    })
  })
})
