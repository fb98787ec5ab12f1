/** The normalised Livecast event model shared by storage, delivery and the API. */

/** Every event type the sender can produce. */
export const EVENT_TYPES = ['recording.completed', 'channel.created', 'channel.closed'] as const
export type EventType = (typeof EVENT_TYPES)[number]

/** A finished recording; absent optional fields are null. */
export interface RecordingData {
  channel_id: string
  url: string
  filesize: number | null
  duration: number | null
  thumbnail: string | null
}

/** A channel opening or closing. */
export interface ChannelData {
  channel_id: string
  action: 'create' | 'close'
}

/** One normalised event, before it has an id. */
export type LivecastEvent =
  | { type: 'recording.completed'; channel_id: string; data: RecordingData }
  | { type: 'channel.created' | 'channel.closed'; channel_id: string; data: ChannelData }

/** An optional field that was dropped, or a hint the sender broke; kept on the stored event. */
export interface Warning {
  field: string
  message: string
}
