/** The overview page: live channels, recent recordings, deliveries that need an operator. */
import type { FC } from 'hono/jsx'
import type { ChannelRow, DeliveryRow } from '../api/rows'
import { humanDuration, humanSize } from '../deliver/format/human'
import type { FailureView, Overview, RecordingView } from './data'
import { Layout } from './layout'

const KNOWN_STATES = new Set([
  ...['pending', 'delivering', 'succeeded', 'failed', 'dead'],
  ...['none', 'copied', 'expired', 'live', 'closed', 'unknown'],
])

/** Fixed notices shown after an action; the query only picks one, it never supplies text. */
export const NOTICES: Record<string, string> = {
  retried: 'The delivery is pending again and has been queued.',
  replayed: 'The event was replayed: new deliveries are pending.',
}

/** What the page needs besides the data. */
export interface OverviewProps {
  overview: Overview
  notice?: string
  problem?: string
  /** Whether plain-http thumbnails may load: only when the dashboard itself is plain http. */
  allowHttpImages: boolean
}

/** The whole overview page. */
export const OverviewPage: FC<OverviewProps> = ({ overview, notice, problem, allowHttpImages }) => (
  <Layout title="Dashboard" signedIn>
    {notice && NOTICES[notice] && (
      <p class="notice" role="status">
        {NOTICES[notice]}
      </p>
    )}
    {problem && (
      <p class="problem" role="alert">
        {problem}
      </p>
    )}
    <LiveChannels channels={overview.live} />
    <Recordings
      recordings={overview.recordings}
      older={overview.olderRecordings}
      allowHttpImages={allowHttpImages}
    />
    <Failures failures={overview.failures} />
  </Layout>
)

const State: FC<{ state: string; label?: string }> = ({ state, label }) => (
  <span class={`badge s-${KNOWN_STATES.has(state) ? state : 'unknown'}`}>
    {label ? `${label}: ${state}` : state}
  </span>
)

const Time: FC<{ ms: number | null }> = ({ ms }) =>
  ms ? <time datetime={new Date(ms).toISOString()}>{shortTime(ms)}</time> : <span>—</span>

const LiveChannels: FC<{ channels: ChannelRow[] }> = ({ channels }) => (
  <section id="live">
    <h2>Live channels ({channels.length})</h2>
    {channels.length === 0 ? (
      <p class="muted">No channel is live.</p>
    ) : (
      <table>
        <thead>
          <tr>
            <th>Channel</th>
            <th>Live since</th>
            <th>Last recording</th>
          </tr>
        </thead>
        <tbody>
          {channels.map((channel) => (
            <tr>
              <td class="channel">{channel.id}</td>
              <td>
                <Time ms={channel.created_at ?? channel.status_at} />
              </td>
              <td>
                <Time ms={channel.last_recording_at} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </section>
)

const Recordings: FC<{
  recordings: RecordingView[]
  older: string | null
  allowHttpImages: boolean
}> = ({ recordings, older, allowHttpImages }) => (
  <section id="recordings">
    <h2>Recent recordings</h2>
    {recordings.length === 0 ? (
      <p class="muted">No recording yet.</p>
    ) : (
      <table>
        <thead>
          <tr>
            <th>Thumbnail</th>
            <th>Channel</th>
            <th>Received</th>
            <th>Size</th>
            <th>Duration</th>
            <th>Archive</th>
            <th>Deliveries</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {recordings.map(({ recording, deliveries }) => (
            <tr data-recording={recording.id}>
              <td>
                <Thumbnail url={recording.thumbnail} allowHttp={allowHttpImages} />
              </td>
              <td class="channel">
                {recording.channel_id}
                <br />
                <SafeLink url={recording.url} label="source file" />
              </td>
              <td class="nowrap">
                <Time ms={recording.received_at} />
              </td>
              <td class="nowrap">
                {recording.filesize === null ? '—' : humanSize(recording.filesize)}
              </td>
              <td class="nowrap">
                {recording.duration === null ? '—' : humanDuration(recording.duration)}
              </td>
              <td>
                <State state={recording.archive_state} />
              </td>
              <td>
                {deliveries.length === 0 && <span class="muted">none</span>}
                {deliveries.map((delivery) => (
                  <State state={delivery.status} label={delivery.target} />
                ))}
              </td>
              <td>
                <ActionButton
                  action={`/dashboard/events/${encodeURIComponent(recording.event_id)}/replay`}
                  label="Replay"
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
    {older && (
      <p>
        <a href={`/dashboard?recordings=${encodeURIComponent(older)}#recordings`}>
          Older recordings →
        </a>
      </p>
    )}
  </section>
)

const Failures: FC<{ failures: FailureView[] }> = ({ failures }) => (
  <section id="attention">
    <h2>Failed deliveries ({failures.length})</h2>
    {failures.length === 0 ? (
      <p class="muted">Nothing failed.</p>
    ) : (
      <table>
        <thead>
          <tr>
            <th>Target</th>
            <th>Channel</th>
            <th>State</th>
            <th>Attempts</th>
            <th>Last error</th>
            <th>Updated</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {failures.map(({ delivery, channelId }) => (
            <tr data-delivery={delivery.id}>
              <td>{delivery.target}</td>
              <td class="channel">{channelId ?? '—'}</td>
              <td>
                <State state={delivery.status} />
              </td>
              <td>{delivery.attempts}</td>
              <td class="error">{describeError(delivery)}</td>
              <td>
                <Time ms={delivery.updated_at} />
              </td>
              <td>
                <ActionButton
                  action={`/dashboard/deliveries/${encodeURIComponent(delivery.id)}/retry`}
                  label="Retry"
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </section>
)

const ActionButton: FC<{ action: string; label: string }> = ({ action, label }) => (
  <form class="inline" method="post" action={action}>
    <button type="submit">{label}</button>
  </form>
)

/** An `<img>` only for https thumbnails (and http ones on a plain-http dashboard). */
const Thumbnail: FC<{ url: string | null; allowHttp: boolean }> = ({ url, allowHttp }) => {
  const parsed = url ? URL.parse(url) : null
  const usable =
    parsed && (parsed.protocol === 'https:' || (allowHttp && parsed.protocol === 'http:'))
  if (!usable) return <span class="muted">{url ? 'thumbnail not shown (http)' : '—'}</span>
  return (
    <img
      class="thumb"
      src={parsed.href}
      alt="thumbnail"
      loading="lazy"
      referrerpolicy="no-referrer"
    />
  )
}

/** A link only for http(s) URLs, so a stored value can never become a `javascript:` link. */
const SafeLink: FC<{ url: string; label: string }> = ({ url, label }) => {
  const parsed = URL.parse(url)
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) return null
  return (
    <a class="muted" href={parsed.href} rel="noreferrer noopener" target="_blank">
      {label}
    </a>
  )
}

function describeError(delivery: DeliveryRow): string {
  const error = delivery.last_error ?? ''
  const code = delivery.last_status_code ? `HTTP ${delivery.last_status_code}` : ''
  if (!code || error.includes(code)) return error || '—'
  return error ? `${code} · ${error}` : code
}

function shortTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC'
}
