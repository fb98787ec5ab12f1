import { describe, expect, it } from 'vitest'
import { normalise } from '../../src/ingest/normalise'

const URL_ = 'https://s3.amazonaws.com/svc/k2m9q1/1581324488053_Dc5aQ.mp4'

describe('normalise: event detection', () => {
  it('detects a recording from id and url', () => {
    const result = normalise({ id: '1581324488053_Dc5aQ', url: URL_ })
    expect(result).toEqual({
      ok: true,
      warnings: [],
      event: {
        type: 'recording.completed',
        channel_id: '1581324488053_Dc5aQ',
        data: {
          channel_id: '1581324488053_Dc5aQ',
          url: URL_,
          filesize: null,
          duration: null,
          thumbnail: null,
        },
      },
    })
  })

  it('detects channel.created and channel.closed, action trimmed and case-insensitive', () => {
    const created = normalise({ chid: 'studio-a', action: ' CREATE ' })
    const closed = normalise({ chid: 'studio-a', action: 'Close' })
    expect(created.ok && created.event).toEqual({
      type: 'channel.created',
      channel_id: 'studio-a',
      data: { channel_id: 'studio-a', action: 'create' },
    })
    expect(closed.ok && closed.event.type).toBe('channel.closed')
  })

  it('treats a recording with only an id as a recording missing its url', () => {
    expect(normalise({ id: 'ch-1' })).toEqual({
      ok: false,
      message: 'Invalid recording event: check `url`.',
      issues: [{ field: 'url', message: 'required' }],
    })
  })

  it('treats a blank url as missing', () => {
    const result = normalise({ id: 'ch-1', url: '  ' })
    expect(!result.ok && result.issues).toEqual([{ field: 'url', message: 'required' }])
  })

  it('rejects a channel event with an unknown action, naming the field', () => {
    expect(normalise({ chid: 'ch-1', action: 'pause' })).toEqual({
      ok: false,
      message: 'Invalid channel event: check `action`.',
      issues: [{ field: 'action', message: 'must be "create" or "close"' }],
    })
  })

  it('rejects a channel event without chid', () => {
    const result = normalise({ action: 'close' })
    expect(!result.ok && result.issues).toEqual([{ field: 'chid', message: 'required' }])
  })

  it('rejects fields that are not a Livecast event, naming both shapes', () => {
    const result = normalise({ hello: 'world' })
    expect(result.ok).toBe(false)
    expect(!result.ok && result.issues.map((issue) => issue.field)).toEqual(['url', 'chid'])
  })

  it('rejects a recording whose url is not http(s)', () => {
    const result = normalise({ id: 'ch-1', url: 'ftp://host/a.mp4' })
    expect(!result.ok && result.issues).toEqual([
      { field: 'url', message: 'must be an absolute http(s) URL' },
    ])
  })

  it('prefers the recording when both shapes are present', () => {
    const result = normalise({ id: 'ch-1', url: URL_, chid: 'ch-1', action: 'close' })
    expect(result.ok && result.event.type).toBe('recording.completed')
  })
})

describe('normalise: optional recording fields', () => {
  it('reads string numbers, HH:MM:SS and a thumbnail', () => {
    const result = normalise({
      id: 'ch-1',
      url: URL_,
      filesize: '52428800',
      duration: '00:30:05',
      thumbnail: 'https://s3.amazonaws.com/svc/a.jpg',
    })
    expect(result.ok && result.event.data).toMatchObject({
      filesize: 52428800,
      duration: 1805,
      thumbnail: 'https://s3.amazonaws.com/svc/a.jpg',
    })
  })

  it('leaves blank numbers absent (null), never 0', () => {
    const result = normalise({ id: 'ch-1', url: URL_, filesize: '', duration: ' ', thumbnail: '' })
    expect(result.ok && result.event.data).toMatchObject({
      filesize: null,
      duration: null,
      thumbnail: null,
    })
    expect(result.ok && result.warnings).toEqual([])
  })

  it('drops an unusable optional field with a warning and keeps the event', () => {
    const result = normalise({
      id: 'ch-1',
      url: URL_,
      filesize: '12.5',
      duration: 'soon',
      thumbnail: 'data:image/png;base64,AAAA',
    })
    expect(result.ok).toBe(true)
    expect(result.ok && result.event.data).toMatchObject({
      filesize: null,
      duration: null,
      thumbnail: null,
    })
    expect(result.ok && result.warnings).toEqual([
      { field: 'filesize', message: 'dropped: must be a whole number of bytes ≥ 0' },
      {
        field: 'duration',
        message: 'dropped: must be seconds from 0 to 30 days, or HH:MM:SS / MM:SS',
      },
      { field: 'thumbnail', message: 'dropped: must be an absolute http(s) URL' },
    ])
  })
})

describe('normalise: channel id hints', () => {
  it('keeps a Hangul channel id intact and warns that RemoteMonster does not issue it', () => {
    const result = normalise({ chid: '방송-스튜디오', action: 'close' })
    expect(result.ok && result.event.channel_id).toBe('방송-스튜디오')
    expect(result.ok && result.warnings).toEqual([
      { field: 'channel_id', message: 'contains Hangul, which RemoteMonster does not issue' },
    ])
  })

  it('warns about a short id and a forbidden character but still accepts it', () => {
    const result = normalise({ chid: 'a:b', action: 'create' })
    expect(result.ok && result.warnings.map((warning) => warning.message)).toEqual([
      'is outside 4–1024 characters, which RemoteMonster does not issue',
      'contains one of : ; * $ `, which RemoteMonster does not issue',
    ])
  })

  it('warns about a NUL byte or a lone surrogate but keeps the id as sent', () => {
    for (const chid of ['ab\u0000cd', 'ab\ud800cd']) {
      const result = normalise({ chid, action: 'create' })
      expect(result.ok && result.event.channel_id).toBe(chid)
      expect(result.ok && result.warnings.map((warning) => warning.message)).toEqual([
        'contains control characters or broken UTF-16, which RemoteMonster does not issue',
      ])
    }
    const emoji = normalise({ chid: 'studio-🎥', action: 'create' })
    expect(emoji.ok && emoji.warnings).toEqual([])
  })

  it('accepts a numeric channel id as its string', () => {
    const result = normalise({ chid: 1581324488053, action: 'close' })
    expect(result.ok && result.event.channel_id).toBe('1581324488053')
  })
})

describe('normalise: missing required fields', () => {
  it('says "required" for a missing recording id, a union-typed field', () => {
    const result = normalise({ url: URL_ })
    expect(!result.ok && result.issues).toEqual([{ field: 'id', message: 'required' }])
  })

  it('says "required" for a blank chid next to a valid action', () => {
    const result = normalise({ chid: '', action: 'close', id: '' })
    expect(!result.ok && result.issues).toEqual([{ field: 'chid', message: 'required' }])
  })

  it('keeps the type message for a present but wrongly typed id', () => {
    const result = normalise({ id: { nested: true }, url: URL_ })
    expect(!result.ok && result.issues).toEqual([
      { field: 'id', message: 'must be a string or a finite number' },
    ])
  })
})
