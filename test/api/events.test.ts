import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { count, postJson, recording, send, TOKEN } from '../helpers'
import { ADMIN_TOKEN, allIds, apiGet, apiPost } from './helpers'
import { fetchWith, seedEvent, unique } from './seed'

const T0 = Date.UTC(2002, 5, 1)
const AUTH = { authorization: `Bearer ${ADMIN_TOKEN}` }

// Port 1 refuses connections, so a queue consumer that runs these deliveries fails fast.
const TARGETS = [
  { name: 'media', type: 'webhook', url: 'http://127.0.0.1:1/media' },
  { name: 'ops', type: 'slack', url: 'http://127.0.0.1:1/ops', events: ['channel.closed'] },
]

async function replay(eventId: string, body?: unknown, overrides: object = { TARGETS }) {
  const headers: Record<string, string> = { ...AUTH }
  if (body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetchWith(overrides, `/api/events/${eventId}/replay`, {
    method: 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: response.status, body: await response.json<Record<string, any>>() }
}

describe('GET /api/events', () => {
  it('filters by type and channel', async () => {
    const channel = unique('evt-type')
    await send(`/hooks/${TOKEN}?action=create&chid=${channel}`)
    await postJson(recording(channel))
    await send(`/hooks/${TOKEN}?action=close&chid=${channel}`)

    const all = await apiGet(`/api/events?channel_id=${channel}`)
    expect(all.body.events.map((e: { type: string }) => e.type)).toEqual([
      'channel.closed',
      'recording.completed',
      'channel.created',
    ])
    const closed = await apiGet(`/api/events?channel_id=${channel}&type=channel.closed`)
    expect(closed.body.events).toHaveLength(1)
    expect(closed.body.events[0]).toMatchObject({
      type: 'channel.closed',
      channel_id: channel,
      data: { channel_id: channel, action: 'close' },
      warnings: [],
    })
  })

  it('filters by time and pages without gaps or repeats', async () => {
    const channel = unique('evt-page')
    const ids: string[] = []
    for (let i = 0; i < 23; i++) {
      ids.push(await seedEvent({ channelId: channel, receivedAt: T0 + Math.floor(i / 2) * 1000 }))
    }
    const expected = ids
      .map((id, i) => ({ id, at: T0 + Math.floor(i / 2) * 1000 }))
      .sort((x, y) => y.at - x.at || (x.id < y.id ? 1 : -1))
      .map((row) => row.id)
    expect(await allIds(`/api/events?channel_id=${channel}`, 'events', 4)).toEqual(expected)

    const since = new Date(T0 + 10_000).toISOString()
    const recent = await apiGet(`/api/events?channel_id=${channel}&since=${since}`)
    expect(recent.body.events.map((e: { id: string }) => e.id)).toEqual(expected.slice(0, 3))
  })

  it('answers 400 for an unknown type', async () => {
    const { status, body } = await apiGet('/api/events?type=channel.opened')
    expect(status).toBe(400)
    expect(body.error.issues[0].field).toBe('type')
  })
})

describe('GET /api/events/{id}', () => {
  it('returns the raw request beside the normalised event, and its deliveries', async () => {
    const channel = unique('evt-raw')
    const response = await send(`/hooks/${TOKEN}/?chid=${channel}&action=CLOSE`)
    const { event_id } = await response.json<{ event_id: string }>()
    const { status, body } = await apiGet(`/api/events/${event_id}`)
    expect(status).toBe(200)
    expect(body.event).toMatchObject({
      id: event_id,
      type: 'channel.closed',
      raw: {
        method: 'GET',
        content_type: null,
        body: '',
        query: { chid: channel, action: 'CLOSE' },
      },
      deliveries: [],
    })
  })

  it('answers 404 for an unknown id', async () => {
    expect((await apiGet('/api/events/evt_nope')).status).toBe(404)
  })
})

describe('POST /api/events/{id}/replay', () => {
  it('creates new pending deliveries for every target that takes the event', async () => {
    const channel = unique('replay-all')
    const hook = await (await postJson(recording(channel))).json<{ event_id: string }>()
    const before = await count('deliveries', 'event_id = ?', hook.event_id)

    const { status, body } = await replay(hook.event_id)
    expect(status).toBe(202)
    expect(body.deliveries.map((d: { target: string }) => d.target)).toEqual(['archive', 'media'])
    for (const delivery of body.deliveries) {
      expect(delivery).toMatchObject({ event_id: hook.event_id, status: 'pending', attempts: 0 })
    }
    expect(await count('deliveries', 'event_id = ?', hook.event_id)).toBe(before + 2)
    const ids = body.deliveries.map((d: { id: string }) => d.id)
    const rows = await env.DB.prepare(
      `SELECT id, target, kind FROM deliveries WHERE id IN (?, ?) ORDER BY target`
    )
      .bind(...ids)
      .all()
    expect(rows.results).toEqual([
      { id: ids[0], target: 'archive', kind: 'archive' },
      { id: ids[1], target: 'media', kind: 'webhook' },
    ])
  })

  it('replays to one named target only', async () => {
    const channel = unique('replay-one')
    const hook = await (await postJson(recording(channel))).json<{ event_id: string }>()
    const before = await count('deliveries', 'event_id = ? AND target = ?', hook.event_id, 'media')
    const { status, body } = await replay(hook.event_id, { target: 'media' })
    expect(status).toBe(202)
    expect(body.deliveries).toHaveLength(1)
    expect(body.deliveries[0]).toMatchObject({
      target: 'media',
      kind: 'webhook',
      status: 'pending',
    })
    expect(await count('deliveries', 'event_id = ? AND target = ?', hook.event_id, 'media')).toBe(
      before + 1
    )
  })

  it('refuses a target whose filter excludes the event, and an unknown target', async () => {
    const hook = await (await postJson(recording(unique('replay-no')))).json<{ event_id: string }>()
    const filtered = await replay(hook.event_id, { target: 'ops' })
    expect(filtered.status).toBe(422)
    expect(filtered.body.error).toMatchObject({
      code: 'target_not_applicable',
      issues: [{ field: 'target' }],
    })
    const unknown = await replay(hook.event_id, { target: 'nope' })
    expect(unknown.status).toBe(422)
    expect(unknown.body.error.code).toBe('unknown_target')
  })

  it('answers 409 when no target takes the event', async () => {
    const channel = unique('replay-none')
    const response = await send(`/hooks/${TOKEN}?action=create&chid=${channel}`)
    const { event_id } = await response.json<{ event_id: string }>()
    const { status, body } = await apiPost(`/api/events/${event_id}/replay`)
    expect(status).toBe(409)
    expect(body.error.code).toBe('no_targets')
  })

  it('answers 503 naming the problem when TARGETS is invalid', async () => {
    const hook = await (
      await postJson(recording(unique('replay-bad')))
    ).json<{ event_id: string }>()
    const { status, body } = await replay(hook.event_id, undefined, { TARGETS: [{ name: 'X' }] })
    expect(status).toBe(503)
    expect(body.error.code).toBe('config_invalid')
    expect(body.error.message).toContain('TARGETS[0]')
  })

  it('answers 404 for an unknown event', async () => {
    expect((await apiPost('/api/events/evt_nope/replay')).status).toBe(404)
  })

  it('answers 400 for malformed JSON and for unknown fields, 415 for other media types', async () => {
    const hook = await (await postJson(recording(unique('replay-in')))).json<{ event_id: string }>()
    const path = `/api/events/${hook.event_id}/replay`
    const json = { ...AUTH, 'content-type': 'application/json' }
    const malformed = await send(path, { method: 'POST', headers: json, body: '{"target":' })
    expect(malformed.status).toBe(400)
    expect(await malformed.json()).toMatchObject({
      ok: false,
      error: { code: 'bad_request', issues: [{ field: 'body' }] },
    })

    const unknownField = await apiPost(path, { targt: 'media' })
    expect(unknownField.status).toBe(400)
    expect(unknownField.body.error.code).toBe('invalid_body')
    expect(unknownField.body.error.message).toMatch(/^Invalid body: /)
    expect(unknownField.body.error.issues).toEqual([
      { field: 'body', message: expect.stringContaining('targt') },
    ])

    const text = { ...AUTH, 'content-type': 'text/plain' }
    const wrongType = await send(path, { method: 'POST', headers: text, body: 'media' })
    expect(wrongType.status).toBe(415)
    expect(await wrongType.json()).toMatchObject({
      error: {
        code: 'unsupported_media_type',
        issues: [{ field: 'content-type', message: 'must be application/json' }],
      },
    })
    expect(await count('deliveries', 'event_id = ?', hook.event_id)).toBe(1)
  })
})
