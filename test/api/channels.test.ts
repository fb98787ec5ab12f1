import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { postJson, recording, send, TOKEN } from '../helpers'
import { allIds, apiGet } from './helpers'
import { unique } from './seed'

describe('GET /api/channels', () => {
  it('shows live, closed and recording-only channels with their times', async () => {
    const [live, closed, seen] = [unique('live'), unique('closed'), unique('seen')]
    await send(`/hooks/${TOKEN}?action=create&chid=${live}`)
    await send(`/hooks/${TOKEN}?action=create&chid=${closed}`)
    await send(`/hooks/${TOKEN}?action=close&chid=${closed}`)
    const hook = await (await postJson(recording(seen))).json<{ event_id: string }>()

    const one = async (id: string) => (await apiGet(`/api/channels/${id}`)).body.channel
    expect(await one(live)).toMatchObject({ id: live, status: 'live', closed_at: null })
    const closedChannel = await one(closed)
    expect(closedChannel).toMatchObject({ status: 'closed' })
    expect(closedChannel.closed_at).toBe(closedChannel.status_at)
    expect(await one(seen)).toMatchObject({
      status: 'unknown',
      status_at: null,
      last_recording_id: hook.event_id.replace('evt_', 'rec_'),
    })
  })

  it('filters by status', async () => {
    const live = unique('only-live')
    await send(`/hooks/${TOKEN}?action=create&chid=${live}`)
    const { body } = await apiGet('/api/channels?status=live&limit=100')
    const statuses = new Set(body.channels.map((c: { status: string }) => c.status))
    expect([...statuses]).toEqual(['live'])
    expect(body.channels.map((c: { id: string }) => c.id)).toContain(live)
    const closed = await apiGet('/api/channels?status=closed&limit=100')
    expect(closed.body.channels.map((c: { id: string }) => c.id)).not.toContain(live)
  })

  it('pages by latest activity without gaps or repeats', async () => {
    const prefix = unique('page')
    const insert = `INSERT INTO channels (id, status, status_at, first_seen_at) VALUES (?, 'closed', ?, ?)`
    const ids = Array.from({ length: 19 }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`)
    await env.DB.batch(
      ids.map((id, i) => env.DB.prepare(insert).bind(id, 1_000_000 + Math.floor(i / 4), 1))
    )
    const all = await allIds('/api/channels?status=closed', 'channels', 5)
    const mine = all.filter((id) => id.startsWith(prefix))
    expect(mine).toEqual([...ids].reverse())
    expect(new Set(all).size).toBe(all.length)
  })

  it('finds a channel whose id is longer than RemoteMonster issues', async () => {
    const long = `${unique('long')}-${'x'.repeat(1500)}`
    const stored = await postJson(recording(long))
    expect(stored.status).toBe(200)

    const channel = await apiGet(`/api/channels/${long}`)
    expect(channel.status).toBe(200)
    expect(channel.body.channel.id).toBe(long)
    const events = await apiGet(`/api/events?channel_id=${long}`)
    expect(events.status).toBe(200)
    expect(events.body.events).toHaveLength(1)
  })

  it('answers 400 for an unknown status and 404 for an unknown channel', async () => {
    expect((await apiGet('/api/channels?status=open')).status).toBe(400)
    const missing = await apiGet('/api/channels/no-such-channel')
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('not_found')
  })
})
