import { describe, expect, it } from 'vitest'
import { dedupClaim, NEVER_EXPIRES } from '../../src/ingest/dedup'
import type { LivecastEvent } from '../../src/ingest/event'

const recording = (channel_id: string, url: string): LivecastEvent => ({
  type: 'recording.completed',
  channel_id,
  data: { channel_id, url, filesize: null, duration: null, thumbnail: null },
})
const closed = (channel_id: string): LivecastEvent => ({
  type: 'channel.closed',
  channel_id,
  data: { channel_id, action: 'close' },
})

describe('dedupClaim', () => {
  it('keys a recording by channel and url, and never lets it expire', () => {
    const claim = dedupClaim(recording('ch1', 'https://a/x.mp4'), 1000, 600)
    expect(claim).toEqual({ key: '["rec","ch1","https://a/x.mp4"]', expiresAt: NEVER_EXPIRES })
  })

  it('gives the same recording the same key at any time', () => {
    const a = dedupClaim(recording('ch1', 'https://a/x.mp4'), 1000, 600)
    const b = dedupClaim(recording('ch1', 'https://a/x.mp4'), 9_999_999, 5)
    expect(a.key).toBe(b.key)
  })

  it('gives another url on the same channel another key', () => {
    const a = dedupClaim(recording('ch1', 'https://a/x.mp4'), 1000, 600)
    const b = dedupClaim(recording('ch1', 'https://a/y.mp4'), 1000, 600)
    expect(a.key).not.toBe(b.key)
  })

  it('keeps recordings apart when a newline moves between channel id and url', () => {
    // URL parsing drops a newline inside a url, so both urls are valid http(s) URLs.
    const a = dedupClaim(recording('a\nhttps://x/', 'https://y/'), 0, 600)
    const b = dedupClaim(recording('a', 'https://x/\nhttps://y/'), 0, 600)
    expect(a.key).not.toBe(b.key)
  })

  it('keys a channel event by type and channel, expiring after the window', () => {
    expect(dedupClaim(closed('ch1'), 1_000, 600)).toEqual({
      key: '["channel.closed","ch1"]',
      expiresAt: 601_000,
    })
  })
})
