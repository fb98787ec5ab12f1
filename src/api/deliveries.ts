/** `GET /api/deliveries`, `GET /api/deliveries/{id}` and `POST /api/deliveries/{id}/retry`. */
import { createRoute, z } from '@hono/zod-openapi'
import { sendToQueue } from '../deliver/outbox'
import { AppError } from '../http/errors'
import { retryDelivery } from './actions'
import { attemptsFor, getDelivery, listDeliveries } from './read/deliveries'
import { scrubber } from './redact'
import { newRouter } from './router'
import { toAttempt, toDelivery } from './rows'
import {
  COMMON_ERRORS,
  errorResponse,
  IdParams,
  jsonResponse,
  NextCursor,
  PageParams,
} from './schemas/common'
import { DELIVERY_STATUSES, DeliveryDetailSchema, DeliverySchema } from './schemas/records'

const list = createRoute({
  method: 'get',
  path: '/api/deliveries',
  tags: ['deliveries'],
  summary: 'List deliveries, newest first',
  request: {
    query: z.object({
      status: z.enum(DELIVERY_STATUSES).optional(),
      target: z.string().min(1).max(64).optional(),
      event_id: z.string().min(1).max(200).optional(),
      ...PageParams,
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({
        ok: z.literal(true),
        deliveries: z.array(DeliverySchema),
        next_cursor: NextCursor,
      }),
      'One page of deliveries.'
    ),
    ...COMMON_ERRORS,
  },
})

const detail = createRoute({
  method: 'get',
  path: '/api/deliveries/{id}',
  tags: ['deliveries'],
  summary: 'One delivery with every attempt',
  request: { params: IdParams },
  responses: {
    200: jsonResponse(
      z.object({ ok: z.literal(true), delivery: DeliveryDetailSchema }),
      'The delivery.'
    ),
    404: errorResponse('No delivery with this id.'),
    ...COMMON_ERRORS,
  },
})

const retry = createRoute({
  method: 'post',
  path: '/api/deliveries/{id}/retry',
  tags: ['deliveries'],
  summary: 'Run a delivery again now, with a fresh attempt budget',
  description:
    'Puts the delivery back to pending and queues it; its earlier attempts stay recorded.',
  request: { params: IdParams },
  responses: {
    202: jsonResponse(z.object({ ok: z.literal(true), delivery: DeliverySchema }), 'Queued.'),
    404: errorResponse('No delivery with this id.'),
    409: errorResponse('An attempt is running right now.'),
    ...COMMON_ERRORS,
  },
})

/** The deliveries routes. */
export const deliveries = newRouter()

deliveries.openapi(list, async (c) => {
  const query = c.req.valid('query')
  const page = await listDeliveries(c.env.DB, {
    statuses: query.status ? [query.status] : undefined,
    target: query.target,
    eventId: query.event_id,
    cursor: query.cursor,
    limit: query.limit,
  })
  const scrub = scrubber(c.env)
  const items = page.rows.map((row) => toDelivery(row, scrub))
  return c.json({ ok: true as const, deliveries: items, next_cursor: page.nextCursor }, 200)
})

deliveries.openapi(detail, async (c) => {
  const { id } = c.req.valid('param')
  const row = await getDelivery(c.env.DB, id)
  if (!row) throw new AppError(404, 'not_found', `No delivery with id ${JSON.stringify(id)}.`)
  const scrub = scrubber(c.env)
  const attempts = await attemptsFor(c.env.DB, id)
  const delivery = {
    ...toDelivery(row, scrub),
    attempts_log: attempts.map((attempt) => toAttempt(attempt, scrub)),
  }
  return c.json({ ok: true as const, delivery }, 200)
})

deliveries.openapi(retry, async (c) => {
  const { id } = c.req.valid('param')
  const row = await retryDelivery(c.env, id)
  c.executionCtx.waitUntil(sendToQueue(c.env, [row]))
  return c.json({ ok: true as const, delivery: toDelivery(row, scrubber(c.env)) }, 202)
})
