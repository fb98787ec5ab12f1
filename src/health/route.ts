/** `GET /health`: public; says whether D1 answers and the configuration is usable, nothing secret. */
import { Hono } from 'hono'
import type { AppBindings } from '../env'

/** The health route. */
export const health = new Hono<AppBindings>()

health.get('/', async (c) => {
  const problems: string[] = []
  if (!c.env.INGEST_TOKEN) problems.push('INGEST_TOKEN is not set: every /hooks call answers 503')
  if (!c.env.ADMIN_TOKEN) problems.push('ADMIN_TOKEN is not set: /api and /dashboard answer 503')

  let database = 'ok'
  try {
    await c.env.DB.prepare('SELECT 1 FROM events LIMIT 1').all()
  } catch {
    database = 'unreachable or not migrated'
  }

  const ok = database === 'ok' && !!c.env.INGEST_TOKEN
  return c.json(
    { ok, database, config: problems.length ? 'incomplete' : 'ok', problems },
    ok ? 200 : 503
  )
})
