/** The `TARGETS` config: one zod schema used at runtime and by `npm run check`. */
import { z } from 'zod'
import { EVENT_TYPES } from '../ingest/event'

/** The delivery kinds a target can be; `archive` is implicit when an R2 bucket is bound. */
export const TARGET_TYPES = ['slack', 'discord', 'webhook'] as const

// Reserved because the runtime sets them or because changing them breaks the request.
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'proxy-authorization',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
])

const SecretName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of a secret, like SLACK_LIVE_URL')

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const CONTROL_CHARACTER = /[\x00-\x08\x0a-\x1f\x7f]/

/** Why a header cannot be sent, or undefined when it can. */
function headerProblem(name: string, value: string): string | undefined {
  if (!HEADER_NAME.test(name)) return 'header names must be RFC 9110 tokens'
  if (RESERVED_HEADERS.has(name.toLowerCase())) return 'this header is reserved'
  if (CONTROL_CHARACTER.test(value)) return 'header values must not contain control characters'
  return undefined
}

// Names and values are checked in one pass: as a record key schema, zod would replace the
// message with a generic "Invalid key in record", and skip names once a value failed.
const Headers = z.record(z.string(), z.string()).superRefine((headers, ctx) => {
  for (const [name, value] of Object.entries(headers)) {
    const message = headerProblem(name, value)
    if (message) ctx.addIssue({ code: 'custom', path: [name], message })
  }
})

/** One forwarding target as written in wrangler.toml. */
export const TargetSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9_-]{1,64}$/, 'must be 1-64 of a-z 0-9 _ -')
      .refine((name) => name !== 'archive', '"archive" is reserved for the R2 archive'),
    type: z.enum(TARGET_TYPES),
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    url_secret: SecretName.optional(),
    events: z.array(z.enum(EVENT_TYPES)).min(1).optional(),
    channels: z.array(z.string().min(1)).min(1).optional(),
    signing_secret: SecretName.optional(),
    headers: Headers.optional(),
    timeout_ms: z.number().int().min(100).max(60_000).optional(),
  })
  .strict()
  .superRefine((target, ctx) => {
    if (!!target.url === !!target.url_secret) {
      const message = 'set exactly one of `url` and `url_secret`'
      ctx.addIssue({ code: 'custom', path: [target.url ? 'url_secret' : 'url'], message })
    }
    if (target.signing_secret && target.type !== 'webhook') {
      const message = 'only webhook targets are signed'
      ctx.addIssue({ code: 'custom', path: ['signing_secret'], message })
    }
  })

/** A validated target. */
export type Target = z.infer<typeof TargetSchema>

/** All targets, as a list. Unique names are checked by `parseTargets`, on the raw list. */
export const TargetsSchema = z.array(TargetSchema)

/** The parsed config, or readable errors naming the target and the field. */
export type TargetsResult = { ok: true; targets: Target[] } | { ok: false; errors: string[] }

/** Parses `TARGETS` as wrangler.toml gives it (an array) or as a JSON string (`--var`). */
export function parseTargets(raw: unknown): TargetsResult {
  let value = raw ?? []
  if (typeof value === 'string') {
    try {
      value = value.trim() === '' ? [] : JSON.parse(value)
    } catch {
      return { ok: false, errors: ['TARGETS: not valid JSON'] }
    }
  }
  const parsed = TargetsSchema.safeParse(value)
  const errors = parsed.success ? [] : parsed.error.issues.map((issue) => describe(issue, value))
  errors.push(...duplicateNames(value))
  return parsed.success && errors.length === 0
    ? { ok: true, targets: parsed.data }
    : { ok: false, errors }
}

/** Names used twice, reported even when other fields of those targets are also wrong. */
function duplicateNames(value: unknown): string[] {
  if (!Array.isArray(value)) return []
  const seen = new Set<unknown>()
  return value.flatMap((target, index) => {
    const name = (target as { name?: unknown } | null)?.name
    if (typeof name !== 'string') return []
    if (!seen.has(name)) {
      seen.add(name)
      return []
    }
    return [`target "${name}" (TARGETS[${index}]): name: duplicate target name`]
  })
}

function describe(issue: z.core.$ZodIssue, value: unknown): string {
  const [index, ...field] = issue.path
  if (typeof index !== 'number') return `TARGETS: ${issue.message}`
  const name = (value as { name?: unknown }[])[index]?.name
  const label = typeof name === 'string' ? `"${name}"` : `#${index + 1}`
  const where = field.length ? field.join('.') : 'target'
  return `target ${label} (TARGETS[${index}]): ${where}: ${issue.message}`
}
