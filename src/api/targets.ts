/** `GET /api/targets`: the configured targets with credentials redacted, and how they are doing. */
import { createRoute, z } from '@hono/zod-openapi'
import { targetsConfig } from '../config'
import { TARGET_TYPES } from '../config/targets'
import { ARCHIVE_TARGET } from '../deliver/plan'
import type { Env } from '../env'
import { iso } from './paging'
import { scrubber } from './redact'
import { newRouter } from './router'
import { COMMON_ERRORS, jsonResponse, Timestamp } from './schemas/common'

/** Counts cover deliveries updated within this window. */
const RECENT_MS = 24 * 60 * 60 * 1000

const SecretRef = z.object({ secret_name: z.string().nullable(), set: z.boolean() })

const TargetSchema = z
  .object({
    name: z.string(),
    type: z.enum([...TARGET_TYPES, 'archive']),
    events: z.array(z.string()).nullable().openapi({ description: 'null: every event type' }),
    channels: z.array(z.string()).nullable().openapi({ description: 'null: every channel' }),
    timeout_ms: z.number().int().nullable(),
    url: SecretRef.extend({ source: z.enum(['inline', 'secret']) })
      .nullable()
      .openapi({ description: 'Where the URL comes from; the URL itself is never returned.' }),
    signing: SecretRef.nullable(),
    header_names: z.array(z.string()),
    ready: z.boolean().openapi({ description: 'Every secret the target needs is set.' }),
    gone: z.object({ at: Timestamp, reason: z.string() }).nullable(),
    recent: z
      .object({
        pending: z.number().int(),
        delivering: z.number().int(),
        succeeded: z.number().int(),
        failed: z.number().int(),
        dead: z.number().int(),
      })
      .openapi({ description: 'Deliveries by status, updated in the last 24 hours.' }),
  })
  .openapi('Target')

type TargetView = z.infer<typeof TargetSchema>

const list = createRoute({
  method: 'get',
  path: '/api/targets',
  tags: ['targets'],
  summary: 'Configured targets (credentials redacted) with recent delivery counts',
  responses: {
    200: jsonResponse(
      z.object({
        ok: z.literal(true),
        config: z.object({ valid: z.boolean(), errors: z.array(z.string()) }),
        targets: z.array(TargetSchema),
      }),
      'Every target, plus the implicit archive when an R2 bucket is bound.'
    ),
    ...COMMON_ERRORS,
  },
})

/** The targets route. */
export const targets = newRouter()

targets.openapi(list, async (c) => {
  const env = c.env
  const config = targetsConfig(env)
  const [counts, flags] = await Promise.all([recentCounts(env.DB), goneFlags(env.DB)])
  const views: TargetView[] = (config.ok ? config.targets : []).map((target) => ({
    name: target.name,
    type: target.type,
    events: target.events ?? null,
    channels: target.channels ?? null,
    timeout_ms: target.timeout_ms ?? null,
    url: target.url_secret
      ? { source: 'secret', secret_name: target.url_secret, set: isSet(env, target.url_secret) }
      : { source: 'inline', secret_name: null, set: !!target.url },
    signing: target.signing_secret
      ? { secret_name: target.signing_secret, set: isSet(env, target.signing_secret) }
      : null,
    header_names: Object.keys(target.headers ?? {}),
    ready:
      (!target.url_secret || isSet(env, target.url_secret)) &&
      (!target.signing_secret || isSet(env, target.signing_secret)),
    gone: flags.get(target.name) ?? null,
    recent: counts(target.name),
  }))
  if (env.ARCHIVE) {
    views.unshift({
      ...{ name: ARCHIVE_TARGET, type: 'archive', events: ['recording.completed'] },
      ...{ channels: null, timeout_ms: null, url: null, signing: null, header_names: [] },
      ...{ ready: true, gone: null, recent: counts(ARCHIVE_TARGET) },
    })
  }
  const scrub = scrubber(env)
  const errors = config.ok ? [] : config.errors.map((error) => scrub(error) ?? '')
  return c.json({ ok: true as const, config: { valid: config.ok, errors }, targets: views }, 200)
})

function isSet(env: Env, name: string): boolean {
  const value = env[name]
  return typeof value === 'string' && value !== ''
}

async function recentCounts(db: D1Database) {
  const { results } = await db
    .prepare(
      `SELECT target, status, count(*) AS n FROM deliveries WHERE updated_at >= ?
       GROUP BY target, status`
    )
    .bind(Date.now() - RECENT_MS)
    .all<{ target: string; status: string; n: number }>()
  return (target: string) => {
    const recent = { pending: 0, delivering: 0, succeeded: 0, failed: 0, dead: 0 }
    for (const row of results) {
      const status = row.status as keyof typeof recent
      if (row.target === target && status in recent) recent[status] = row.n
    }
    return recent
  }
}

async function goneFlags(db: D1Database) {
  const { results } = await db
    .prepare('SELECT target, gone_at, reason FROM target_flags')
    .all<{ target: string; gone_at: number; reason: string }>()
  return new Map(
    results.map((row) => [row.target, { at: iso(row.gone_at) ?? '', reason: row.reason }])
  )
}
