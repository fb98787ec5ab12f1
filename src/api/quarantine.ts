/** `GET /api/quarantine` and `GET /api/quarantine/{id}`: refused requests, kept with the reason. */
import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '../http/errors'
import { getQuarantined, listQuarantine } from './read/events'
import { newRouter } from './router'
import { toQuarantine } from './rows'
import {
  COMMON_ERRORS,
  errorResponse,
  IdParams,
  jsonResponse,
  NextCursor,
  PageParams,
  timeRange,
  TimeRangeParams,
} from './schemas/common'
import { QuarantineDetailSchema, QuarantineSchema } from './schemas/records'

const list = createRoute({
  method: 'get',
  path: '/api/quarantine',
  tags: ['quarantine'],
  summary: 'List refused requests, newest first (bodies on the single-record route)',
  request: { query: z.object({ ...TimeRangeParams, ...PageParams }) },
  responses: {
    200: jsonResponse(
      z.object({
        ok: z.literal(true),
        quarantine: z.array(QuarantineSchema),
        next_cursor: NextCursor,
      }),
      'One page of refused requests.'
    ),
    ...COMMON_ERRORS,
  },
})

const detail = createRoute({
  method: 'get',
  path: '/api/quarantine/{id}',
  tags: ['quarantine'],
  summary: 'One refused request with its body',
  request: { params: IdParams },
  responses: {
    200: jsonResponse(
      z.object({ ok: z.literal(true), quarantined: QuarantineDetailSchema }),
      'The refused request.'
    ),
    404: errorResponse('No quarantined request with this id.'),
    ...COMMON_ERRORS,
  },
})

/** The quarantine routes. */
export const quarantine = newRouter()

quarantine.openapi(list, async (c) => {
  const query = c.req.valid('query')
  const page = await listQuarantine(c.env.DB, {
    ...timeRange(query),
    cursor: query.cursor,
    limit: query.limit,
  })
  const items = page.rows.map(toQuarantine)
  return c.json({ ok: true as const, quarantine: items, next_cursor: page.nextCursor }, 200)
})

quarantine.openapi(detail, async (c) => {
  const { id } = c.req.valid('param')
  const row = await getQuarantined(c.env.DB, id)
  if (!row) throw new AppError(404, 'not_found', `No quarantined request ${JSON.stringify(id)}.`)
  const listed = toQuarantine(row)
  const quarantined = { ...listed, raw: { ...listed.raw, body: row.raw_body } }
  return c.json({ ok: true as const, quarantined }, 200)
})
