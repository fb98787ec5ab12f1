/** Operator authentication: `Authorization: Bearer <ADMIN_TOKEN>`, failing closed when unset. */
import type { MiddlewareHandler } from 'hono'
import { secretsEqual } from '../auth/token'
import type { AppBindings, Env } from '../env'
import { AppError } from '../http/errors'

/** The hint every operator surface gives when the admin token is missing. */
export const ADMIN_TOKEN_HINT =
  'ADMIN_TOKEN is not set, so the operator API and dashboard are closed: run `wrangler secret put ADMIN_TOKEN`.'

/** Throws the 503 answer when no admin token is configured. */
export function assertAdminConfigured(env: Env): string {
  if (!env.ADMIN_TOKEN) throw new AppError(503, 'not_configured', ADMIN_TOKEN_HINT)
  return env.ADMIN_TOKEN
}

/** True when `given` is the admin token, compared in constant time. */
export async function isAdminToken(env: Env, given: string): Promise<boolean> {
  return !!env.ADMIN_TOKEN && (await secretsEqual(given, env.ADMIN_TOKEN))
}

/** Middleware for `/api/*`: 503 without a configured token, 401 without the right bearer. */
export const requireAdmin: MiddlewareHandler<AppBindings> = async (c, next) => {
  assertAdminConfigured(c.env)
  const header = c.req.header('authorization') ?? ''
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (!match?.[1] || !(await isAdminToken(c.env, match[1]))) {
    const message = match
      ? 'The bearer token is not the admin token.'
      : 'Send `Authorization: Bearer <ADMIN_TOKEN>`.'
    throw new AppError(401, 'unauthorized', message, [], {
      'WWW-Authenticate': 'Bearer realm="livecast-relay"',
    })
  }
  await next()
}
