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
  if (event.type === 'recording.completed') {
    return { key: `rec\n${event.channel_id}\n${event.data.url}`, expiresAt: NEVER_EXPIRES }
  }
  return { key: `${event.type}\n${event.channel_id}`, expiresAt: now + windowSeconds * 1000 }
}
