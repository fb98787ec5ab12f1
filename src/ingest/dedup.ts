/** Dedup keys: a recording is unique forever, a channel event only within a time window. */
import type { LivecastEvent } from './event'

/** Far enough in the future that a recording's dedup row never expires. */
export const NEVER_EXPIRES = Number.MAX_SAFE_INTEGER

/** The key and expiry of the dedup row an event claims. */
export interface DedupClaim {
  key: string
  expiresAt: number
}

/**
 * A recording is the same one whenever channel and url match. A channel id can be reused by a
 * later broadcast, so a channel event only counts as a repeat within `windowSeconds`.
 */
export function dedupClaim(event: LivecastEvent, now: number, windowSeconds: number): DedupClaim {
  // JSON quoting keeps the parts apart: a separator could also occur inside a channel id or url.
  if (event.type === 'recording.completed') {
    const key = JSON.stringify(['rec', event.channel_id, event.data.url])
    return { key, expiresAt: NEVER_EXPIRES }
  }
  const key = JSON.stringify([event.type, event.channel_id])
  return { key, expiresAt: now + windowSeconds * 1000 }
}
