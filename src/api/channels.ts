/** `GET /api/channels` and `GET /api/channels/{id}`: which broadcasts are live or closed. */
import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '../http/errors'
import { getChannel, listChannels } from './read/recordings'
import { newRouter } from './router'
import { toChannel } from './rows'
import {
  ChannelId,
  COMMON_ERRORS,
  errorResponse,
  jsonResponse,
  NextCursor,
  PageParams,
} from './schemas/common'
import { CHANNEL_STATUSES, ChannelSchema } from './schemas/records'

const list = createRoute({
  method: 'get',
  path: '/api/channels',
  tags: ['channels'],
  summary: 'List channels by latest activity, newest first',
  request: {
    query: z.object({ status: z.enum(CHANNEL_STATUSES).optional(), ...PageParams }),
  },
  responses: {
    200: jsonResponse(
      z.object({ ok: z.literal(true), channels: z.array(ChannelSchema), next_cursor: NextCursor }),
      'One page of channels.'
    ),
    ...COMMON_ERRORS,
  },
})

const detail = createRoute({
  method: 'get',
  path: '/api/channels/{id}',
  tags: ['channels'],
  summary: 'One channel',
  request: { params: z.object({ id: ChannelId }) },
  responses: {
    200: jsonResponse(z.object({ ok: z.literal(true), channel: ChannelSchema }), 'The channel.'),
    404: errorResponse('No channel with this id.'),
    ...COMMON_ERRORS,
  },
})

/** The channels routes. */
export const channels = newRouter()

channels.openapi(list, async (c) => {
  const query = c.req.valid('query')
  const page = await listChannels(c.env.DB, {
    statuses: query.status ? [query.status] : undefined,
    cursor: query.cursor,
    limit: query.limit,
  })
  const items = page.rows.map(toChannel)
  return c.json({ ok: true as const, channels: items, next_cursor: page.nextCursor }, 200)
})

channels.openapi(detail, async (c) => {
  const { id } = c.req.valid('param')
  const row = await getChannel(c.env.DB, id)
  if (!row) throw new AppError(404, 'not_found', `No channel with id ${JSON.stringify(id)}.`)
  return c.json({ ok: true as const, channel: toChannel(row) }, 200)
})
