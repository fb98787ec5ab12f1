import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { count } from '../helpers'
import { answer, eventsOfChannel, fetchWithEnv, probeHook, recordingFields } from './rows'

function postRecording(fields: object) {
  return exports.default.fetch(probeHook().url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fields),
  })
}

function channelRequest(action: string, chid: string) {
  return new Request(probeHook({ action, chid }).url)
}

describe('hook: recording dedup', () => {
  it('answers a repeated recording with the first event id and duplicate:true', async () => {
    const fields = recordingFields()
    const first = await answer(await postRecording(fields))
    const again = await answer(await postRecording({ ...fields, filesize: '99' }))
    expect(first).toMatchObject({ ok: true, duplicate: false })
    expect(again).toMatchObject({ ok: true, duplicate: true, event_id: first.event_id })
    expect(await eventsOfChannel(fields.id)).toHaveLength(1)
  })

  it('treats the same recording sent as a form later as the same one', async () => {
    const fields = recordingFields()
    const first = await answer(await postRecording(fields))
    const response = await exports.default.fetch(probeHook().url, {
      method: 'POST',
      body: new URLSearchParams(fields),
    })
    expect(await answer(response)).toMatchObject({ duplicate: true, event_id: first.event_id })
  })

  it('keeps a recording a duplicate forever, even with a tiny channel window', async () => {
    const fields = recordingFields()
    const first = await answer(await postRecording(fields))
    await new Promise((resolve) => setTimeout(resolve, 20))
    const request = new Request(probeHook().url, { method: 'POST', body: JSON.stringify(fields) })
    const again = await answer(await fetchWithEnv(request, { DEDUP_WINDOW_SECONDS: '0.001' }))
    expect(again).toMatchObject({ duplicate: true, event_id: first.event_id })
  })

  it('stores another url on the same channel as a new recording', async () => {
    const fields = recordingFields()
    await postRecording(fields)
    const other = await answer(await postRecording({ ...fields, url: `${fields.url}?part=2` }))
    expect(other.duplicate).toBe(false)
    expect(await count('recordings', 'channel_id = ?', fields.id)).toBe(2)
  })

  it('stores exactly one event and one recording when the same recording arrives 50 times at once', async () => {
    const fields = recordingFields(undefined, { filesize: '1048576', duration: '00:10:00' })
    const responses = await Promise.all(Array.from({ length: 50 }, () => postRecording(fields)))
    const answers = await Promise.all(responses.map(answer))

    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200))
    const ids = new Set(answers.map((json) => json.event_id))
    expect(ids.size).toBe(1)
    expect(answers.filter((json) => json.duplicate === false)).toHaveLength(1)
    expect(await count('events', 'channel_id = ?', fields.id)).toBe(1)
    expect(await count('recordings', 'channel_id = ?', fields.id)).toBe(1)
    expect(await count('events', 'id = ?', [...ids][0])).toBe(1)
  })
})

describe('hook: channel dedup window', () => {
  it('answers the same channel event within the window as a duplicate', async () => {
    const chid = `ch-${crypto.randomUUID()}`
    const first = await answer(await exports.default.fetch(channelRequest('close', chid)))
    const again = await answer(await exports.default.fetch(channelRequest(' CLOSE ', chid)))
    expect(first).toMatchObject({ type: 'channel.closed', duplicate: false })
    expect(again).toMatchObject({ duplicate: true, event_id: first.event_id })
    expect(await eventsOfChannel(chid)).toHaveLength(1)
  })

  it('stores the same channel event again once the window has passed', async () => {
    const chid = `ch-${crypto.randomUUID()}`
    const window = { DEDUP_WINDOW_SECONDS: '0.001' }
    const first = await answer(await fetchWithEnv(channelRequest('close', chid), window))
    await new Promise((resolve) => setTimeout(resolve, 20))
    const later = await answer(await fetchWithEnv(channelRequest('close', chid), window))
    expect(first.duplicate).toBe(false)
    expect(later.duplicate).toBe(false)
    expect(later.event_id).not.toBe(first.event_id)
    expect((await eventsOfChannel(chid)).map((event) => event.type)).toEqual([
      'channel.closed',
      'channel.closed',
    ])
  })

  it('keeps create and close of one channel apart', async () => {
    const chid = `ch-${crypto.randomUUID()}`
    const created = await answer(await exports.default.fetch(channelRequest('create', chid)))
    const closed = await answer(await exports.default.fetch(channelRequest('close', chid)))
    expect([created.duplicate, closed.duplicate]).toEqual([false, false])
    expect(await eventsOfChannel(chid)).toHaveLength(2)
  })

  it('stores one event for 20 identical channel closes at once', async () => {
    const chid = `ch-${crypto.randomUUID()}`
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => exports.default.fetch(channelRequest('close', chid)))
    )
    const answers = await Promise.all(responses.map(answer))
    expect(answers.filter((json) => json.duplicate === false)).toHaveLength(1)
    expect(new Set(answers.map((json) => json.event_id)).size).toBe(1)
    expect(await eventsOfChannel(chid)).toHaveLength(1)
  })
})

describe('hook: channel status', () => {
  it('records a close that arrives before the create, and both times', async () => {
    const chid = `ch-${crypto.randomUUID()}`
    await exports.default.fetch(channelRequest('close', chid))
    await new Promise((resolve) => setTimeout(resolve, 5))
    await exports.default.fetch(channelRequest('create', chid))
    const channel = await env.DB.prepare(
      'SELECT status, created_at, closed_at FROM channels WHERE id = ?'
    )
      .bind(chid)
      .first<{ status: string; created_at: number; closed_at: number }>()
    // Without a sender timestamp, arrival order is the only order the worker knows.
    expect(channel?.status).toBe('live')
    expect(channel?.closed_at).toBeLessThan(channel!.created_at)
  })

  it('makes a channel known from a recording without giving it a status', async () => {
    const fields = recordingFields()
    const json = await answer(await postRecording(fields))
    const channel = await env.DB.prepare(
      'SELECT status, last_recording_id FROM channels WHERE id = ?'
    )
      .bind(fields.id)
      .first()
    expect(channel).toEqual({
      status: 'unknown',
      last_recording_id: String(json.event_id).replace('evt_', 'rec_'),
    })
  })
})
