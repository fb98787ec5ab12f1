/** The inbound endpoint RemoteMonster calls: authenticate, read, parse, normalise, commit, answer. */
import { Hono, type Context } from 'hono'
import { matchesAny } from '../auth/token'
import { dedupWindowSeconds } from '../config'
import { dispatch, planDeliveries } from '../deliver/outbox'
import type { AppBindings, Env } from '../env'
import { AppError } from '../http/errors'
import { log } from '../http/log'
import { storeEvent, type RawRecord } from '../store/events'
import { newId } from '../store/ids'
import { quarantine } from '../store/quarantine'
import { dedupClaim } from './dedup'
import { normalise } from './normalise'
import { bodyTextOf, parseRequest } from './parse'
import { readBody } from './read-body'

const ALLOWED_METHODS = ['GET', 'POST', 'PUT']

/** Routes for `/hooks/:token` and `/hooks/:token/`, any method; no redirect between them. */
export const hooks = new Hono<AppBindings>()
hooks.all('/:token', receive)
hooks.all('/:token/', receive)

async function receive(c: Context<AppBindings>) {
  const env = c.env
  const method = c.req.method
  if (!env.INGEST_TOKEN) {
    const hint = 'INGEST_TOKEN is not set: run `wrangler secret put INGEST_TOKEN`.'
    throw refused(method, new AppError(503, 'not_configured', hint))
  }
  const token = c.req.param('token') ?? ''
  if (!(await matchesAny(token, [env.INGEST_TOKEN, env.INGEST_TOKEN_NEXT]))) {
    throw refused(method, new AppError(404, 'not_found', 'No such route.'))
  }
  if (!ALLOWED_METHODS.includes(method)) {
    const allow = { Allow: ALLOWED_METHODS.join(', ') }
    const message = `${method} is not accepted here.`
    throw refused(method, new AppError(405, 'method_not_allowed', message, [], allow))
  }

  const receivedAt = Date.now()
  const bytes = await readBody(c.req.raw).catch((err: unknown) => {
    throw err instanceof AppError ? refused(method, err) : err
  })
  const raw: RawRecord = {
    method,
    contentType: c.req.header('content-type') ?? null,
    body: '',
    query: Object.fromEntries(new URL(c.req.url).searchParams),
  }

  const parsed = await parseRequest({ ...raw, body: bytes }).catch(async (err: unknown) => {
    if (err instanceof AppError) raw.body = bodyTextOf(raw.contentType, bytes)
    throw err instanceof AppError ? await refuse(env, raw, receivedAt, err) : err
  })
  raw.body = parsed.bodyText

  const normalised = normalise(parsed.fields)
  if (!normalised.ok) {
    const error = new AppError(422, 'invalid_event', normalised.message, normalised.issues)
    throw await refuse(env, raw, receivedAt, error)
  }
  const { event, warnings } = normalised

  const id = newId('evt', receivedAt)
  const deliveries = planDeliveries(env, event)
  const dedup = dedupClaim(event, receivedAt, dedupWindowSeconds(env))
  const record = { id, event, warnings, raw, receivedAt, dedup, deliveries }
  const stored = await storeEvent(env.DB, record).catch((err: unknown) => {
    log.error({ msg: 'event.store_failed', type: event.type, error: String(err) })
    throw storageUnavailable()
  })

  const fields = { event_id: stored.eventId, type: event.type, channel_id: event.channel_id }
  if (stored.duplicate) {
    log.info({ msg: 'event.duplicate', ...fields })
  } else {
    log.info({ msg: 'event.accepted', ...fields, deliveries: deliveries.length, warnings })
    c.executionCtx.waitUntil(dispatch(env, deliveries))
  }
  return c.json({ ok: true, ...fields, duplicate: stored.duplicate, warnings })
}

/** Logs a request refused before its body was parsed; nothing is kept, and the token never logged. */
function refused(method: string, error: AppError): AppError {
  log.warn({ msg: 'hook.refused', method, status: error.status, code: error.code })
  return error
}

/** Quarantines a refused request and returns the error to answer with (503 if that fails). */
async function refuse(env: Env, raw: RawRecord, receivedAt: number, error: AppError) {
  const id = newId('qtn', receivedAt)
  const { status, code, message: reason, issues } = error
  try {
    await quarantine(env.DB, { id, receivedAt, status, code, reason, issues, raw })
  } catch (err) {
    log.error({ msg: 'quarantine.store_failed', code, error: String(err) })
    return storageUnavailable()
  }
  log.warn({ msg: 'event.rejected', quarantine_id: id, status, code, issues })
  return error
}

function storageUnavailable(): AppError {
  return new AppError(503, 'storage_unavailable', 'The event could not be stored; retry later.')
}
