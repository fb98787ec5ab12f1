/** Typed client errors and the one JSON envelope every error answer uses. */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { log } from './log'

/** One problem with one field, as returned in `error.issues`. */
export interface Issue {
  field: string
  message: string
}

/** An error the client caused or must know about; mapped to the envelope by `onError`. */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
    readonly headers: Record<string, string> = {}
  ) {
    super(message)
  }
}

/** The error envelope: `{ ok: false, error: { code, message, issues } }`. */
export function errorBody(code: string, message: string, issues: Issue[] = []) {
  return { ok: false as const, error: { code, message, issues } }
}

/** Hono `onError`: typed errors become their envelope; anything else is logged and a 500. */
export function onError(err: Error, c: Context) {
  if (err instanceof AppError) {
    return c.json(errorBody(err.code, err.message, err.issues), err.status, err.headers)
  }
  // Hono's own middleware (body validators, csrf) throws these for client mistakes.
  if (err instanceof HTTPException && err.status < 500) {
    const code = err.status === 403 ? 'forbidden' : 'bad_request'
    return c.json(errorBody(code, err.message || 'The request was refused.'), err.status)
  }
  log.error({ msg: 'request.failed', path: redactPath(c.req.path), error: String(err) })
  return c.json(errorBody('internal', 'Internal error; the request was not processed.'), 500)
}

/** Hono `notFound`: the same envelope for every unknown route. */
export function onNotFound(c: Context) {
  return c.json(errorBody('not_found', 'No such route.'), 404)
}

/** A known path asked with a method it does not answer: 405 with the methods it does. */
export function onWrongMethod(c: Context, allowed: string[]) {
  const message = `${c.req.method} is not accepted here; use ${allowed.join(', ')}.`
  return c.json(errorBody('method_not_allowed', message), 405, { Allow: allowed.join(', ') })
}

/** The hook path embeds the ingest secret, so logs only ever see it masked. */
export function redactPath(path: string): string {
  return path.replace(/^\/hooks\/[^/]+/, '/hooks/***')
}
