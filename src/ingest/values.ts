/** Zod schemas for single Livecast field values, tolerant of strings, numbers and blanks. */
import { z } from 'zod'

/** RemoteMonster documents every field as a string; a blank one means "absent", never 0. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
}

const scalar = z.union([z.string(), z.number()], { error: 'must be a string or a finite number' })

/** A required identifier: string or number, trimmed, not empty. */
export const Identifier = scalar
  .transform((value, ctx) => {
    const text = String(value).trim()
    // 1e21 would become "1e+21": digits a client meant are already lost.
    if (typeof value === 'number' && /e/i.test(text)) {
      ctx.addIssue({
        code: 'custom',
        message: 'a number this large or small must be sent as a string',
      })
      return z.NEVER
    }
    return text
  })
  .pipe(z.string().min(1, 'must not be blank'))

/** An absolute http(s) URL, trimmed. */
export const HttpUrl = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must not be blank')
  .pipe(z.url({ protocol: /^https?$/, hostname: /.+/, error: 'must be an absolute http(s) URL' }))

// Decimal digits only: Number() alone would also read "0x10" as 16 and "1e3" as 1000.
const DECIMAL_BYTES = /^\d+(?:\.0*)?$/

/** Whole bytes ≥ 0 from `1048576`, `"1048576"` or `"1048576.0"`. */
export const Bytes = scalar.transform((value, ctx) => {
  const text = typeof value === 'string' ? value.trim() : ''
  const bytes = typeof value === 'number' ? value : DECIMAL_BYTES.test(text) ? Number(text) : NaN
  if (!Number.isSafeInteger(bytes) || bytes < 0) {
    ctx.addIssue({ code: 'custom', message: 'must be a whole number of bytes ≥ 0' })
    return z.NEVER
  }
  return bytes
})

const CLOCK = /^(?:(\d+):)?(\d+):(\d{1,2}(?:\.\d+)?)$/

/** No recording runs longer than this; a bigger number is a mistake, not a duration. */
const MAX_SECONDS = 30 * 24 * 3600

/** Seconds ≥ 0 (at most 30 days) from a number, a numeric string, `HH:MM:SS` or `MM:SS`. */
export const Seconds = scalar.transform((value, ctx) => {
  const seconds = typeof value === 'number' ? value : parseSeconds(value.trim())
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_SECONDS) {
    const message = 'must be seconds from 0 to 30 days, or HH:MM:SS / MM:SS'
    ctx.addIssue({ code: 'custom', message })
    return z.NEVER
  }
  return seconds
})

function parseSeconds(text: string): number | undefined {
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text)

  const clock = CLOCK.exec(text)
  if (!clock) return undefined
  const [, hours, minutes = '0', seconds = '0'] = clock
  // MM:SS may run past an hour ("75:10"); with an hours part, minutes stop at 59.
  if ((hours !== undefined && Number(minutes) > 59) || Number(seconds) >= 60) return undefined
  return Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds)
}
