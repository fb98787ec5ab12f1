/** `GET /api/events`, `GET /api/events/{id}` and `POST /api/events/{id}/replay`. */
import { createRoute, z } from '@hono/zod-openapi'
import { sendToQueue } from '../deliver/outbox'
import { AppError } from '../http/errors'
import { EVENT_TYPES } from '../ingest/event'
import { replayEvent } from './actions'
import { deliveriesForEvents, getDelivery } from './read/deliveries'
import { getEvent, listEvents } from './read/events'
import { scrubber } from './redact'
import { newRouter } from './router'
import { toDelivery, toEvent } from './rows'
import {
  ChannelId,
  COMMON_ERRORS,
  errorResponse,
  IdParams,
  jsonResponse,
  NextCursor,
  PageParams,
  timeRange,
  TimeRangeParams,
} from './schemas/common'
import { DeliverySchema, EventDetailSchema, EventSchema } from './schemas/records'

const list = createRoute({
  method: 'get',
  path: '/api/events',
  tags: ['events'],
  summary: 'List accepted events, newest first',
  request: {
    query: z.object({
      type: z.enum(EVENT_TYPES).optional(),
      channel_id: ChannelId.optional(),
      ...TimeRangeParams,
      ...PageParams,
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({ ok: z.literal(true), events: z.array(EventSchema), next_cursor: NextCursor }),
      'One page of events.'
    ),
    ...COMMON_ERRORS,
  },
})

const detail = createRoute({
  method: 'get',
  path: '/api/events/{id}',
  tags: ['events'],
  summary: 'One event with its raw request and deliveries',
  request: { params: IdParams },
  responses: {
    200: jsonResponse(z.object({ ok: z.literal(true), event: EventDetailSchema }), 'The event.'),
    404: errorResponse('No event with this id.'),
    ...COMMON_ERRORS,
  },
})

const replay = createRoute({
  method: 'post',
  path: '/api/events/{id}/replay',
  tags: ['events'],
  summary: 'Deliver an event again, to every matching target or to one',
  description:
    'Creates new pending deliveries through the same outbox as a new event; earlier deliveries stay as they were.',
  request: {
    params: IdParams,
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z
            .object({ target: z.string().min(1).max(64).optional() })
            .strict()
            .openapi({ description: 'Omit `target` (or the body) to replay to every target.' }),
        },
      },
    },
  },
  responses: {
    202: jsonResponse(
      z.object({ ok: z.literal(true), deliveries: z.array(DeliverySchema) }),
      'The new deliveries, queued.'
    ),
    404: errorResponse('No event with this id.'),
    409: errorResponse('No configured target takes this event.'),
    422: errorResponse('The named target is unknown or does not take this event.'),
    ...COMMON_ERRORS,
  },
})

/** The events routes. */
export const events = newRouter()

events.openapi(list, async (c) => {
  const query = c.req.valid('query')
  const page = await listEvents(c.env.DB, {
    type: query.type,
    channelId: query.channel_id,
    ...timeRange(query),
    cursor: query.cursor,
    limit: query.limit,
  })
  const items = page.rows.map(toEvent)
  return c.json({ ok: true as const, events: items, next_cursor: page.nextCursor }, 200)
})

events.openapi(detail, async (c) => {
  const { id } = c.req.valid('param')
  const row = await getEvent(c.env.DB, id)
  if (!row) throw new AppError(404, 'not_found', `No event with id ${JSON.stringify(id)}.`)
  const deliveries = (await deliveriesForEvents(c.env.DB, [id])).get(id) ?? []
  const scrub = scrubber(c.env)
  const event = {
    ...toEvent(row),
    raw: {
      method: row.raw_method,
      content_type: row.raw_content_type,
      query: row.raw_query ? (JSON.parse(row.raw_query) as Record<string, string>) : {},
      body: row.raw_body,
    },
    deliveries: deliveries.map((delivery) => toDelivery(delivery, scrub)),
  }
  return c.json({ ok: true as const, event }, 200)
})

events.openapi(replay, async (c) => {
  const { id } = c.req.valid('param')
  const { target } = c.req.valid('json')
  const planned = await replayEvent(c.env, id, target)

  // Read back before queueing, so the answer shows the rows as created.
  const scrub = scrubber(c.env)
  const rows = await Promise.all(planned.map((delivery) => getDelivery(c.env.DB, delivery.id)))
  const deliveries = rows.flatMap((row) => (row ? [toDelivery(row, scrub)] : []))
  c.executionCtx.waitUntil(sendToQueue(c.env, planned))
  return c.json({ ok: true as const, deliveries }, 202)
})
