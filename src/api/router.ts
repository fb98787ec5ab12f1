/** The router every API module builds on: zod validation failures become the error envelope. */
import { OpenAPIHono, type OpenAPIHonoOptions } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppBindings } from '../env'
import { AppError, errorBody, onError } from '../http/errors'

const INVALID_CODES: Record<string, string> = {
  query: 'invalid_query',
  param: 'invalid_path',
  json: 'invalid_body',
}

/** A 400 naming every invalid field, e.g. `limit: Too big: expected number to be <=100`. */
const defaultHook: NonNullable<OpenAPIHonoOptions<AppBindings>['defaultHook']> = (result) => {
  if (result.success) return
  // Hono calls the JSON body `json`; clients know it as the body.
  const target = result.target === 'json' ? 'body' : result.target
  const issues = result.error.issues.map((issue) => ({
    field: issue.path.join('.') || target,
    message: issue.message,
  }))
  const summary = issues.map(({ field, message }) => `${field}: ${message}`).join('; ')
  const code = INVALID_CODES[result.target] ?? 'invalid_request'
  throw new AppError(400, code, `Invalid ${target}: ${summary}`, issues)
}

/** A new API router with the shared validation hook. */
export function newRouter() {
  return new OpenAPIHono<AppBindings>({ defaultHook })
}

const HTTP_CODES: Record<number, string> = {
  400: 'bad_request',
  403: 'forbidden',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
}

/**
 * Hono's validators throw HTTPException (malformed JSON, wrong media type); those are the
 * client's mistakes and get the envelope with their own status instead of a 500.
 */
export function apiOnError(err: Error, c: Context<AppBindings>) {
  if (err instanceof HTTPException && err.status < 500) {
    const status = err.status as ContentfulStatusCode
    const message = err.message || 'The request could not be read.'
    // Hono's body validators throw these: the body is unreadable, or not JSON at all.
    const field = status === 415 ? 'content-type' : 'body'
    const issues = [{ field, message: status === 415 ? 'must be application/json' : message }]
    return c.json(errorBody(HTTP_CODES[status] ?? 'bad_request', message, issues), status)
  }
  return onError(err, c)
}
