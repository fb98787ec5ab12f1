/** Event envelopes for formatter tests. */
import type { EventEnvelope } from '../../../src/deliver/types'

/** A recording envelope with every field set; override what a test is about. */
export function recordingEnvelope(data: Record<string, unknown> = {}, channel = 'studio-a-0412') {
  return {
    id: 'evt_01m8ybapfz0bhm8m4a7faenaac',
    type: 'recording.completed',
    channel_id: channel,
    received_at: '2026-12-03T10:00:00.000Z',
    data: {
      channel_id: channel,
      url: `https://s3.amazonaws.com/svc/p0x7w3/${channel}.mp4`,
      filesize: 734_003_200,
      duration: 3725,
      thumbnail: 'https://s3.amazonaws.com/svc/p0x7w3/thumb.jpg',
      ...data,
    },
    warnings: [],
    raw: { method: 'POST', content_type: 'application/json', body: '{}', query: {} },
  } satisfies EventEnvelope
}

/** A channel event envelope. */
export function channelEnvelope(type: 'channel.created' | 'channel.closed', channel: string) {
  return {
    ...recordingEnvelope({}, channel),
    type,
    data: { channel_id: channel, action: type === 'channel.created' ? 'create' : 'close' },
  } satisfies EventEnvelope
}
