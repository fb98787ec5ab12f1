import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { dedupClaim } from '../../src/ingest/dedup'
import type { LivecastEvent } from '../../src/ingest/event'
import { storeEvent, type EventRecord, type PlannedDelivery } from '../../src/store/events'
import { newId } from '../../src/store/ids'
import { count } from '../helpers'

const WINDOW = 600

function channelEvent(action: 'create' | 'close', channel_id: string): LivecastEvent {
  const type = action === 'create' ? 'channel.created' : 'channel.closed'
  return { type, channel_id, data: { channel_id, action } }
}

function recordingEvent(channel_id: string): LivecastEvent {
  const url = `https://s3.amazonaws.com/svc/x/${channel_id}.mp4`
  const data = { channel_id, url, filesize: 10, duration: 1.5, thumbnail: null }
  return { type: 'recording.completed', channel_id, data }
}

/** An event record as the ingest route builds it, received at `receivedAt`. */
function record(event: LivecastEvent, receivedAt: number, deliveries: PlannedDelivery[] = []) {
  const raw = { method: 'POST', contentType: null, body: '{}', query: {} }
  const dedup = dedupClaim(event, receivedAt, WINDOW)
  const id = newId('evt', receivedAt)
  return { id, event, warnings: [], raw, receivedAt, dedup, deliveries } satisfies EventRecord
}

function channelRow(id: string) {
  return env.DB.prepare(
    'SELECT status, status_at, created_at, closed_at, last_event_id FROM channels WHERE id = ?'
  )
    .bind(id)
    .first()
}

const channelId = () => `ch-${crypto.randomUUID()}`

describe('storeEvent: channel status moves only forward in time', () => {
  it('keeps a channel closed when an older create is written after a newer close', async () => {
    const id = channelId()
    const close = record(channelEvent('close', id), 2_000_000)
    const create = record(channelEvent('create', id), 1_000_000)
    await storeEvent(env.DB, close)
    const stored = await storeEvent(env.DB, create)

    expect(stored).toEqual({ eventId: create.id, duplicate: false })
    expect(await channelRow(id)).toEqual({
      status: 'closed',
      status_at: 2_000_000,
      created_at: 1_000_000,
      closed_at: 2_000_000,
      last_event_id: close.id,
    })
  })

  it('opens a channel when a newer create follows an older close', async () => {
    const id = channelId()
    const close = record(channelEvent('close', id), 1_000_000)
    const create = record(channelEvent('create', id), 3_000_000)
    await storeEvent(env.DB, close)
    await storeEvent(env.DB, create)
    expect(await channelRow(id)).toMatchObject({ status: 'live', last_event_id: create.id })
  })

  it('keeps a closed status when a recording of the channel arrives later', async () => {
    const id = channelId()
    await storeEvent(env.DB, record(channelEvent('close', id), 1_000_000))
    await storeEvent(env.DB, record(recordingEvent(id), 5_000_000))
    expect(await channelRow(id)).toMatchObject({ status: 'closed', closed_at: 1_000_000 })
  })

  it('records a close with no create', async () => {
    const id = channelId()
    await storeEvent(env.DB, record(channelEvent('close', id), 1_000_000))
    expect(await channelRow(id)).toMatchObject({ status: 'closed', created_at: null })
  })
})

describe('storeEvent: dedup decided inside D1', () => {
  it('answers a channel event inside the window with the first event id', async () => {
    const id = channelId()
    const first = record(channelEvent('close', id), 1_000_000)
    const again = record(channelEvent('close', id), 1_000_000 + WINDOW * 1000 - 1)
    await storeEvent(env.DB, first)
    expect(await storeEvent(env.DB, again)).toEqual({ eventId: first.id, duplicate: true })
    expect(await count('events', 'channel_id = ?', id)).toBe(1)
  })

  it('stores the same channel event again once the window has passed', async () => {
    const id = channelId()
    const first = record(channelEvent('close', id), 1_000_000)
    const later = record(channelEvent('close', id), 1_000_000 + WINDOW * 1000)
    await storeEvent(env.DB, first)
    expect(await storeEvent(env.DB, later)).toEqual({ eventId: later.id, duplicate: false })
    expect(await count('events', 'channel_id = ?', id)).toBe(2)
  })

  it('answers a recording years later with the first event id', async () => {
    const id = channelId()
    const first = record(recordingEvent(id), 1_000_000)
    const later = record(recordingEvent(id), 1_000_000 + 5 * 365 * 86_400_000)
    await storeEvent(env.DB, first)
    expect(await storeEvent(env.DB, later)).toEqual({ eventId: first.id, duplicate: true })
    expect(await count('recordings', 'channel_id = ?', id)).toBe(1)
  })

  it('writes no deliveries for a duplicate', async () => {
    const id = channelId()
    const delivery = () => [{ id: newId('dlv'), target: 'slack-live', kind: 'slack' }]
    const first = record(recordingEvent(id), 1_000_000, delivery())
    const again = record(recordingEvent(id), 2_000_000, delivery())
    await storeEvent(env.DB, first)
    await storeEvent(env.DB, again)
    expect(await count('deliveries', 'event_id = ?', first.id)).toBe(1)
    expect(await count('deliveries', 'event_id = ?', again.id)).toBe(0)
  })
})

describe('storeEvent: one atomic batch', () => {
  it('writes the event, the recording, the channel and each delivery together', async () => {
    const id = channelId()
    const deliveries = [
      { id: newId('dlv'), target: 'archive', kind: 'archive' },
      { id: newId('dlv'), target: 'slack-live', kind: 'slack' },
    ]
    const stored = record(recordingEvent(id), 1_000_000, deliveries)
    await storeEvent(env.DB, stored)
    const recording = await env.DB.prepare(
      'SELECT id, filesize, duration, archive_state FROM recordings WHERE event_id = ?'
    )
      .bind(stored.id)
      .first()
    expect(recording).toEqual({
      id: stored.id.replace('evt_', 'rec_'),
      filesize: 10,
      duration: 1.5,
      archive_state: 'pending',
    })
    expect(await count('deliveries', "event_id = ? AND status = 'pending'", stored.id)).toBe(2)
    expect(await channelRow(id)).toMatchObject({ status: 'unknown' })
  })

  it('leaves nothing behind, not even the dedup claim, when one statement fails', async () => {
    const id = channelId()
    const clash = newId('dlv')
    const broken = record(recordingEvent(id), 1_000_000, [
      { id: clash, target: 'a', kind: 'webhook' },
      { id: clash, target: 'b', kind: 'webhook' },
    ])
    await expect(storeEvent(env.DB, broken)).rejects.toThrow(/UNIQUE constraint failed/)
    expect(await count('events', 'channel_id = ?', id)).toBe(0)
    expect(await count('recordings', 'channel_id = ?', id)).toBe(0)
    expect(await count('channels', 'id = ?', id)).toBe(0)
    expect(await count('dedup', 'key = ?', broken.dedup.key)).toBe(0)

    const retry = record(recordingEvent(id), 1_000_500)
    expect(await storeEvent(env.DB, retry)).toEqual({ eventId: retry.id, duplicate: false })
  })
})
