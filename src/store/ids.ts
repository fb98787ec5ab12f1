/** Opaque, time-sortable ids: `<prefix>_` + 10 chars of time + 16 random, Crockford base32. */

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'

/** A new id such as `evt_01jf3k…`; ids made later sort after earlier ones (to the ms). */
export function newId(prefix: string, now = Date.now()): string {
  let time = ''
  for (let rest = now, i = 0; i < 10; i++, rest = Math.floor(rest / 32)) {
    time = ALPHABET[rest % 32] + time
  }
  let random = ''
  for (const byte of crypto.getRandomValues(new Uint8Array(16))) random += ALPHABET[byte % 32]
  return `${prefix}_${time}${random}`
}

/** A recording shares the random part of the event that first reported it. */
export function recordingIdFor(eventId: string): string {
  return eventId.replace(/^evt_/, 'rec_')
}
