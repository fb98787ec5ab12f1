// Load scenarios driven by autocannon over loopback, with every answer checked.
import autocannon from 'autocannon'

/** Connections used by every load scenario. */
export const CONNECTIONS = 64

let sequence = 0

/** A unique recording event per request: its own channel id and file url. */
export function uniqueRecording(prefix, fileBase) {
  return (request) => {
    const channel = `${prefix}-${++sequence}`
    const url = `${fileBase}/${channel}.mp4`
    return {
      ...request,
      body: JSON.stringify({ id: channel, url, filesize: '1024', duration: '5' }),
    }
  }
}

/** A unique channel-created event per request, sent as a GET query like current Livecast. */
export function uniqueChannelGet(prefix, hookPath) {
  return (request) => ({
    ...request,
    path: `${hookPath}?action=create&chid=${prefix}-${++sequence}`,
  })
}

/**
 * A Livecast-shaped mix on unique channels: channel GETs (create, then close, as Livecast sends
 * them) with every `recordingEvery`-th request a recording POST, so only those plan an archive.
 */
export function livecastMix(prefix, hookPath, fileBase, recordingEvery) {
  const channelGet = uniqueChannelGet(prefix, hookPath)
  const recording = uniqueRecording(prefix, fileBase)
  let count = 0
  return (request) => {
    count++
    if (count % recordingEvery === 0) {
      const headers = { 'content-type': 'application/json' }
      return recording({ ...request, method: 'POST', path: hookPath, headers })
    }
    const get = channelGet({ ...request, method: 'GET', headers: {}, body: undefined })
    return count % 2 === 0
      ? { ...get, path: get.path.replace('action=create', 'action=close') }
      : get
  }
}

/**
 * Runs one scenario for `duration` seconds or exactly `amount` requests at 64 connections and
 * returns requests/s, p50, p99 and a tally of answers: 2xx, 5xx, other non-2xx, errors, and
 * (for ingest) which channel ids were acknowledged as new or duplicate.
 */
export async function runLoad({ url, request, duration, amount }) {
  const answers = { new: new Set(), duplicate: 0, s5xx: 0, other: 0, samples: [] }
  const onResponse = (status, body) => {
    if (status >= 500) answers.s5xx++
    if (status >= 300 && answers.samples.length < 5) answers.samples.push(`${status} ${body}`)
    if (status !== 200 || !body.includes('"ok":true')) return
    if (body.includes('"duplicate":true')) answers.duplicate++
    else if (body.includes('"duplicate":false')) answers.new.add(JSON.parse(body).channel_id)
  }
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    ...(amount ? { amount } : { duration }),
    timeout: 120,
    requests: [{ ...request, onResponse }],
  })
  return {
    requests_per_s: result.requests.average,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    requests: result.requests.total,
    duration_s: result.duration,
    s2xx: result['2xx'],
    s5xx: answers.s5xx,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    accepted: answers.new,
    duplicates: answers.duplicate,
    samples: answers.samples,
  }
}
