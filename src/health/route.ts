/** `GET /health`: public; says whether D1 answers and the configuration is usable, nothing secret. */
import { Hono } from 'hono'
import { targetsConfig } from '../config'
import type { AppBindings, Env } from '../env'

/** The health route. */
export const health = new Hono<AppBindings>()

health.get('/', async (c) => {
  const { fatal, problems } = configProblems(c.env)

  let database = 'ok'
  try {
    await c.env.DB.prepare('SELECT 1 FROM events LIMIT 1').all()
  } catch {
    database = 'unreachable or not migrated'
  }

  const ok = database === 'ok' && !fatal
  const config = fatal ? 'invalid' : problems.length ? 'incomplete' : 'ok'
  return c.json({ ok, database, config, problems }, ok ? 200 : 503)
})

/**
 * What is wrong with the configuration, by name only. Fatal means events would be refused or
 * never delivered (no ingest token, unreadable TARGETS); the rest only degrade one feature.
 */
export function configProblems(env: Env): { fatal: boolean; problems: string[] } {
  const problems: string[] = []
  let fatal = false
  if (!env.INGEST_TOKEN) {
    fatal = true
    problems.push('INGEST_TOKEN is not set: every /hooks call answers 503')
  }
  if (!env.ADMIN_TOKEN) problems.push('ADMIN_TOKEN is not set: /api and /dashboard answer 503')

  const targets = targetsConfig(env)
  if (!targets.ok) {
    fatal = true
    problems.push(...targets.errors.map((error) => `TARGETS is invalid, none is used: ${error}`))
    return { fatal, problems }
  }
  for (const target of targets.targets) {
    for (const secret of [target.url_secret, target.signing_secret]) {
      if (secret && !(typeof env[secret] === 'string' && env[secret])) {
        problems.push(`target "${target.name}": secret ${secret} is not set`)
      }
    }
  }
  return { fatal, problems }
}
