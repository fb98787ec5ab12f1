/** Human-readable sizes, durations and text clamping for chat messages. */

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB']

/** `52428800` → `52.4 MB` (decimal units, as file browsers show them). */
export function humanSize(bytes: number): string {
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000
    unit++
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1
  return `${value.toFixed(digits)} ${UNITS[unit]}`
}

/** `3725` → `1h 02m 05s`; `65` → `1m 05s`; `5` → `5s`. */
export function humanDuration(seconds: number): string {
  const total = Math.round(seconds)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const pad = (n: number) => String(n).padStart(2, '0')
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s)}s`
  if (m > 0) return `${m}m ${pad(s)}s`
  return `${s}s`
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/**
 * Escapes `text` grapheme by grapheme and stops before `limit` UTF-16 units, adding `…` when cut,
 * so neither a character (Hangul, emoji) nor an escape sequence is ever split.
 */
export function clampEscaped(text: string, limit: number, escape = (s: string) => s): string {
  const whole = escape(text)
  if (whole.length <= limit) return whole

  let out = ''
  for (const { segment } of segmenter.segment(text)) {
    const next = escape(segment)
    if (out.length + next.length > limit - 1) break
    out += next
  }
  return `${out}…`
}
