/** What the dashboard shows, read from D1 with the same queries as the operator API. */
import { deliveriesForEvents, listDeliveries } from '../api/read/deliveries'
import { listChannels, listRecordings } from '../api/read/recordings'
import { scrubber } from '../api/redact'
import type { ChannelRow, DeliveryRow, RecordingRow } from '../api/rows'
import type { Env } from '../env'

const RECORDINGS_SHOWN = 25
const CHANNELS_SHOWN = 50
const FAILURES_SHOWN = 50

/** A recording with its deliveries, one per (event, target). */
export interface RecordingView {
  recording: RecordingRow
  deliveries: DeliveryRow[]
}

/** A failed or dead delivery and the channel its event came from. */
export interface FailureView {
  delivery: DeliveryRow
  channelId: string | null
}

/** Everything on the overview page. */
export interface Overview {
  live: ChannelRow[]
  recordings: RecordingView[]
  olderRecordings: string | null
  failures: FailureView[]
}

/** Reads the overview; `cursor` pages the recordings list back in time. */
export async function loadOverview(env: Env, cursor?: string): Promise<Overview> {
  const db = env.DB
  const [live, recordings, failures] = await Promise.all([
    listChannels(db, { statuses: ['live'], limit: CHANNELS_SHOWN }),
    listRecordings(db, { cursor, limit: RECORDINGS_SHOWN }),
    listDeliveries(db, { statuses: ['failed', 'dead'], limit: FAILURES_SHOWN }),
  ])
  const eventIds = recordings.rows.map((row) => row.event_id)
  const [deliveries, channels] = await Promise.all([
    deliveriesForEvents(db, eventIds),
    channelsOfEvents(db, [...new Set(failures.rows.map((row) => row.event_id))]),
  ])
  const scrub = scrubber(env)
  return {
    live: live.rows,
    recordings: recordings.rows.map((recording) => ({
      recording,
      deliveries: deliveries.get(recording.event_id) ?? [],
    })),
    olderRecordings: recordings.nextCursor,
    failures: failures.rows.map((delivery) => ({
      delivery: { ...delivery, last_error: scrub(delivery.last_error) },
      channelId: channels.get(delivery.event_id) ?? null,
    })),
  }
}

async function channelsOfEvents(db: D1Database, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  // At most FAILURES_SHOWN ids, within D1's 100 bound parameters.
  const { results } = await db
    .prepare(`SELECT id, channel_id FROM events WHERE id IN (${ids.map(() => '?').join(', ')})`)
    .bind(...ids)
    .all<{ id: string; channel_id: string }>()
  return new Map(results.map((row) => [row.id, row.channel_id]))
}
