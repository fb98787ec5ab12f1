/** Schemas every route shares: the error envelope, list query parameters, path ids. */
import { z } from '@hono/zod-openapi'

/** The error envelope of src/http/errors.ts, as documented in the OpenAPI document. */
export const ErrorSchema = z
  .object({
    ok: z.literal(false),
    error: z.object({
      code: z.string().openapi({ example: 'not_found' }),
      message: z.string(),
      issues: z.array(z.object({ field: z.string(), message: z.string() })),
    }),
  })
  .openapi('Error')

/** A timestamp as the API writes it: ISO 8601 in UTC. */
export const Timestamp = z.iso.datetime().openapi({ example: '2026-05-01T09:30:00.000Z' })

/** A timestamp the client sends: ISO 8601 with `Z` or an offset. */
const TimeParam = z.iso.datetime({ offset: true })

/** `limit` and `cursor`, shared by every list route. */
export const PageParams = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(50)
    .openapi({ description: 'Rows per page (1-100, default 50).' }),
  cursor: z
    .string()
    .max(2048)
    .optional()
    .openapi({ description: '`next_cursor` from the previous page.' }),
}

/** `since` (inclusive) and `until` (exclusive), as ISO 8601 timestamps. */
export const TimeRangeParams = {
  since: TimeParam.optional().openapi({ description: 'Only rows at or after this time.' }),
  until: TimeParam.optional().openapi({ description: 'Only rows before this time.' }),
}

/**
 * A channel id as stored: RemoteMonster's are 4–1024 characters, but longer ones are kept (with a
 * warning), so filters take anything the 64 KiB hook body could have carried.
 */
export const ChannelId = z
  .string()
  .min(1)
  .max(64 * 1024)

/** A path `{id}`. */
export const IdParams = z.object({ id: z.string().min(1).max(200) })

/** The next page's cursor, null on the last page. */
export const NextCursor = z.string().nullable()

/** Converts optional ISO timestamps to ms for SQL. */
export function timeRange(query: { since?: string; until?: string }) {
  return {
    since: query.since === undefined ? undefined : Date.parse(query.since),
    until: query.until === undefined ? undefined : Date.parse(query.until),
  }
}

/** The responses every authenticated route can give besides its own. */
export const COMMON_ERRORS = {
  400: errorResponse('The query, path or body is invalid; `issues` names the field.'),
  401: errorResponse('Missing or wrong bearer token.'),
  503: errorResponse('ADMIN_TOKEN is not set, or storage is unavailable.'),
} as const

/** A documented error response. */
export function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: ErrorSchema } } }
}

/** A documented JSON success response. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } }
}
