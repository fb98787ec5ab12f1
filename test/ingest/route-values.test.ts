import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { answer, eventRow, probeHook, recordingFields } from './rows'

/** Sends a recording with extra fields as JSON; returns the answer and the stored event. */
async function sendRecording(extra: object, contentType = 'application/json') {
  const fields = recordingFields(undefined, extra)
  const body =
    contentType === 'application/json'
      ? JSON.stringify(fields)
      : new URLSearchParams(fields as Record<string, string>).toString()
  const response = await exports.default.fetch(probeHook().url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  })
  const json = await answer(response)
  const stored = await eventRow(String(json.event_id))
  return { status: response.status, json, stored, fields }
}

describe('hook: recording values', () => {
  it('stores blank numbers as absent, never 0, without a warning', async () => {
    const { status, stored } = await sendRecording({ filesize: '', duration: '  ', thumbnail: '' })
    expect(status).toBe(200)
    expect(stored?.data).toMatchObject({ filesize: null, duration: null, thumbnail: null })
    expect(stored?.warnings).toEqual([])
    const recording = await recordingRow(String(stored?.id))
    expect(recording).toMatchObject({ filesize: null, duration: null })
  })

  it('stores blank numbers from a form as absent too', async () => {
    const form = 'application/x-www-form-urlencoded'
    const { stored } = await sendRecording({ filesize: '', duration: '' }, form)
    expect(stored?.data).toMatchObject({ filesize: null, duration: null })
  })

  it('reads numbers sent as numbers', async () => {
    const { stored } = await sendRecording({ filesize: 734003200, duration: 3661.5 })
    expect(stored?.data).toMatchObject({ filesize: 734003200, duration: 3661.5 })
  })

  it('reads numbers sent as strings, including "12.5" seconds', async () => {
    const { stored } = await sendRecording({ filesize: '52428800', duration: '12.5' })
    expect(stored?.data).toMatchObject({ filesize: 52428800, duration: 12.5 })
  })

  it('reads an HH:MM:SS duration', async () => {
    const { stored } = await sendRecording({ duration: '01:02:05' })
    expect(stored?.data.duration).toBe(3725)
  })

  it('reads an MM:SS duration', async () => {
    const { stored } = await sendRecording({ duration: '02:05' })
    expect(stored?.data.duration).toBe(125)
  })

  it('drops a bad thumbnail with a warning and still accepts the event', async () => {
    const { status, json, stored } = await sendRecording({
      thumbnail: 'javascript:alert(1)',
      filesize: '1024',
    })
    expect(status).toBe(200)
    const warning = { field: 'thumbnail', message: 'dropped: must be an absolute http(s) URL' }
    expect(json.warnings).toEqual([warning])
    expect(stored?.warnings).toEqual([warning])
    expect(stored?.data).toMatchObject({ thumbnail: null, filesize: 1024 })
  })

  it('drops an unreadable duration with a warning', async () => {
    const { status, stored } = await sendRecording({ duration: 'about an hour' })
    expect(status).toBe(200)
    expect(stored?.data.duration).toBeNull()
    expect(stored?.warnings.map((warning) => warning.field)).toEqual(['duration'])
  })

  it('trims ids and urls', async () => {
    const channel = `ch-${crypto.randomUUID()}`
    const url = `https://s3.amazonaws.com/svc/x/${channel}.mp4`
    const response = await exports.default.fetch(probeHook().url, {
      method: 'POST',
      body: JSON.stringify({ id: `  ${channel}\n`, url: ` ${url} ` }),
    })
    const stored = await eventRow(String((await answer(response)).event_id))
    expect(stored?.channel_id).toBe(channel)
    expect(stored?.data.url).toBe(url)
  })

  it('keeps Hangul intact in the channel id, the raw body and the recording row', async () => {
    const channel = `한국어-방송-${crypto.randomUUID()}`
    const { status, json, stored, fields } = await sendRecording({
      id: channel,
      note: '안녕하세요',
    })
    expect(status).toBe(200)
    expect(json.channel_id).toBe(channel)
    expect(stored?.channel_id).toBe(channel)
    expect(stored?.raw_body).toBe(JSON.stringify(fields))
    expect(stored?.warnings).toEqual([
      { field: 'channel_id', message: 'contains Hangul, which RemoteMonster does not issue' },
    ])
    expect((await recordingRow(String(stored?.id)))?.channel_id).toBe(channel)
  })
})

function recordingRow(eventId: string) {
  return env.DB.prepare('SELECT channel_id, filesize, duration FROM recordings WHERE event_id = ?')
    .bind(eventId)
    .first<{ channel_id: string; filesize: number | null; duration: number | null }>()
}
