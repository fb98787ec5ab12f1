/** Which targets an event goes to: one delivery per (event, target) pair. */
import type { Target } from '../config/targets'
import type { LivecastEvent } from '../ingest/event'
import type { PlannedDelivery } from '../store/events'
import { newId } from '../store/ids'

/** The name and kind of the implicit R2 archive target. */
export const ARCHIVE_TARGET = 'archive'

/** True when the target's `events` and `channels` filters let this event through. */
export function targetWants(target: Target, event: LivecastEvent): boolean {
  if (target.events && !target.events.includes(event.type)) return false
  if (!target.channels) return true
  return target.channels.some((pattern) => globMatches(pattern, event.channel_id))
}

/** Plans the deliveries for one event; `archive` adds the R2 copy of a recording. */
export function planDeliveries(
  targets: Target[],
  event: LivecastEvent,
  archive: boolean,
  now = Date.now()
): PlannedDelivery[] {
  const planned: PlannedDelivery[] = targets
    .filter((target) => targetWants(target, event))
    .map((target) => ({ id: newId('dlv', now), target: target.name, kind: target.type }))
  if (archive && event.type === 'recording.completed') {
    planned.unshift({ id: newId('dlv', now), target: ARCHIVE_TARGET, kind: 'archive' })
  }
  return planned
}

const globCache = new Map<string, RegExp>()

/** `*` matches any run of characters and `?` one character; everything else is literal. */
export function globMatches(pattern: string, text: string): boolean {
  let regex = globCache.get(pattern)
  if (!regex) {
    const source = pattern
      .split('')
      .map((char) =>
        char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')
      )
      .join('')
    regex = new RegExp(`^${source}$`, 's')
    globCache.set(pattern, regex)
  }
  return regex.test(text)
}
