/** `GET /api/recordings` and `GET /api/recordings/{id}`: what was recorded, archived, delivered. */
import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '../http/errors'
import { deliveriesForEvents } from './read/deliveries'
import { getRecording, listRecordings } from './read/recordings'
import { scrubber } from './redact'
import { newRouter } from './router'
import { toDelivery, toRecording } from './rows'
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
import { RecordingDetailSchema, RecordingSchema } from './schemas/records'

const list = createRoute({
  method: 'get',
  path: '/api/recordings',
  tags: ['recordings'],
  summary: 'List recordings, newest first',
  request: {
    query: z.object({
      channel_id: ChannelId.optional(),
      ...TimeRangeParams,
      ...PageParams,
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({
        ok: z.literal(true),
        recordings: z.array(RecordingSchema),
        next_cursor: NextCursor,
      }),
      'One page of recordings with their archive state and delivery summaries.'
    ),
    ...COMMON_ERRORS,
  },
})

const detail = createRoute({
  method: 'get',
  path: '/api/recordings/{id}',
  tags: ['recordings'],
  summary: 'One recording with its archive state and deliveries',
  request: { params: IdParams },
  responses: {
    200: jsonResponse(
      z.object({ ok: z.literal(true), recording: RecordingDetailSchema }),
      'The recording.'
    ),
    404: errorResponse('No recording with this id.'),
    ...COMMON_ERRORS,
  },
})

/** The recordings routes. */
export const recordings = newRouter()

recordings.openapi(list, async (c) => {
  const query = c.req.valid('query')
  const page = await listRecordings(c.env.DB, {
    channelId: query.channel_id,
    ...timeRange(query),
    cursor: query.cursor,
    limit: query.limit,
  })
  const deliveries = await deliveriesForEvents(
    c.env.DB,
    page.rows.map((row) => row.event_id)
  )
  const scrub = scrubber(c.env)
  const items = page.rows.map((row) => toRecording(row, deliveries.get(row.event_id) ?? [], scrub))
  return c.json({ ok: true as const, recordings: items, next_cursor: page.nextCursor }, 200)
})

recordings.openapi(detail, async (c) => {
  const { id } = c.req.valid('param')
  const row = await getRecording(c.env.DB, id)
  if (!row) throw new AppError(404, 'not_found', `No recording with id ${JSON.stringify(id)}.`)
  const deliveries = (await deliveriesForEvents(c.env.DB, [row.event_id])).get(row.event_id) ?? []
  const scrub = scrubber(c.env)
  const recording = {
    ...toRecording(row, [], scrub),
    deliveries: deliveries.map((delivery) => toDelivery(delivery, scrub)),
  }
  return c.json({ ok: true as const, recording }, 200)
})
