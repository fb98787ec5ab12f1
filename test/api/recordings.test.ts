import { describe, expect, it } from 'vitest'
import { postJson, recording } from '../helpers'
import { allIds, apiGet } from './helpers'
import { seedRecording, unique } from './seed'

const T0 = Date.UTC(2001, 0, 1)

describe('GET /api/recordings', () => {
  it('shows a recording posted to the hook with its archive state and deliveries', async () => {
    const channel = unique('rec-hook')
    const thumbnail = 'https://cdn.example.com/t.jpg'
    const sent = recording(channel, { filesize: '1048576', duration: '00:01:05', thumbnail })
    const hook = await (await postJson(sent)).json<{ event_id: string }>()

    const { status, body } = await apiGet(`/api/recordings?channel_id=${channel}`)
    expect(status).toBe(200)
    expect(body.next_cursor).toBeNull()
    expect(body.recordings).toHaveLength(1)
    const [listed] = body.recordings
    expect(listed).toMatchObject({
      event_id: hook.event_id,
      channel_id: channel,
      url: sent.url,
      filesize: 1048576,
      duration: 65,
      thumbnail,
      archive: { state: 'pending', file: null },
    })
    expect(listed.id).toBe(hook.event_id.replace('evt_', 'rec_'))
    expect(listed.received_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(listed.deliveries).toEqual([
      {
        id: expect.stringMatching(/^dlv_/),
        target: 'archive',
        kind: 'archive',
        status: expect.any(String),
      },
    ])
  })

  it('filters by channel', async () => {
    const [a, b] = [unique('chan-a'), unique('chan-b')]
    await seedRecording({ channelId: a, receivedAt: T0 })
    await seedRecording({ channelId: a, receivedAt: T0 + 1 })
    await seedRecording({ channelId: b, receivedAt: T0 + 2 })
    const { body } = await apiGet(`/api/recordings?channel_id=${a}`)
    expect(body.recordings.map((r: { channel_id: string }) => r.channel_id)).toEqual([a, a])
  })

  it('filters by time: since inclusive, until exclusive', async () => {
    const channel = unique('chan-time')
    const ids = []
    for (let i = 0; i < 5; i++) {
      ids.push(await seedRecording({ channelId: channel, receivedAt: T0 + i * 1000 }))
    }
    const since = new Date(T0 + 1000).toISOString()
    const until = new Date(T0 + 4000).toISOString()
    const { body } = await apiGet(
      `/api/recordings?channel_id=${channel}&since=${since}&until=${until}`
    )
    expect(body.recordings.map((r: { id: string }) => r.id)).toEqual([ids[3], ids[2], ids[1]])

    const withOffset = encodeURIComponent('2001-01-01T09:00:03+09:00')
    const later = await apiGet(`/api/recordings?channel_id=${channel}&since=${withOffset}`)
    expect(later.body.recordings.map((r: { id: string }) => r.id)).toEqual([ids[4], ids[3]])
  })

  it('pages across many rows, ties included, without gaps or repeats', async () => {
    const channel = unique('chan-page')
    const seeded: { id: string; at: number }[] = []
    for (let i = 0; i < 57; i++) {
      // Groups of three share one millisecond, so the id must break ties.
      const at = T0 + Math.floor(i / 3)
      seeded.push({ id: await seedRecording({ channelId: channel, receivedAt: at }), at })
    }
    const expected = seeded
      .sort((x, y) => y.at - x.at || (x.id < y.id ? 1 : -1))
      .map((row) => row.id)

    for (const limit of [1, 7, 10, 57, 100]) {
      const ids = await allIds(`/api/recordings?channel_id=${channel}`, 'recordings', limit)
      expect(ids).toEqual(expected)
    }
  })

  it('keeps paging stable when newer rows arrive between pages', async () => {
    const channel = unique('chan-stable')
    const old = []
    for (let i = 0; i < 6; i++)
      old.push(await seedRecording({ channelId: channel, receivedAt: T0 + i }))
    const first = await apiGet(`/api/recordings?channel_id=${channel}&limit=3`)
    await seedRecording({ channelId: channel, receivedAt: T0 + 100 })
    const second = await apiGet(
      `/api/recordings?channel_id=${channel}&limit=3&cursor=${first.body.next_cursor}`
    )
    const ids = [...first.body.recordings, ...second.body.recordings].map(
      (r: { id: string }) => r.id
    )
    expect(ids).toEqual(old.reverse())
  })

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['since=yesterday', 'since'],
    ['until=2001-01-01', 'until'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const { status, body } = await apiGet(`/api/recordings?${query}`)
    expect(status).toBe(400)
    expect(body.error.code).toBe('invalid_query')
    expect(body.error.issues.map((issue: { field: string }) => issue.field)).toEqual([field])
    expect(body.error.message).toContain(`${field}:`)
  })

  it.each(['garbage', btoa('[1,2]'), btoa('{"at":1}'), '%E0%A4%A'])(
    'answers 400 invalid_cursor for cursor %s',
    async (cursor) => {
      const { status, body } = await apiGet(`/api/recordings?cursor=${cursor}`)
      expect(status).toBe(400)
      expect(body.error).toMatchObject({ code: 'invalid_cursor', issues: [{ field: 'cursor' }] })
    }
  )
})

describe('GET /api/recordings/{id}', () => {
  it('returns the recording with its full deliveries', async () => {
    const channel = unique('rec-detail')
    const hook = await (await postJson(recording(channel))).json<{ event_id: string }>()
    const id = hook.event_id.replace('evt_', 'rec_')
    const { status, body } = await apiGet(`/api/recordings/${id}`)
    expect(status).toBe(200)
    expect(body.recording).toMatchObject({ id, channel_id: channel, archive: { state: 'pending' } })
    expect(body.recording.deliveries).toHaveLength(1)
    expect(body.recording.deliveries[0]).toMatchObject({
      event_id: hook.event_id,
      target: 'archive',
      created_at: expect.stringMatching(/Z$/),
    })
  })

  it('answers 404 for an unknown id', async () => {
    const { status, body } = await apiGet('/api/recordings/rec_nope')
    expect(status).toBe(404)
    expect(body.error).toEqual({
      code: 'not_found',
      message: 'No recording with id "rec_nope".',
      issues: [],
    })
  })
})
