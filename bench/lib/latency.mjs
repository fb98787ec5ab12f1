// Event-to-Slack latency: one event at a time, timed from the request to the Slack stand-in.
/**
 * Sends `count` recording events one by one (every `gapMs`), each naming its own marker
 * channel, and measures when the Slack stand-in first receives the message for it.
 */
export async function measureSlackLatency({ worker, sink, hookPath, count, gapMs, prefix }) {
  const sent = []
  for (let i = 1; i <= count; i++) {
    const channel = `${prefix}-${i}`
    const body = JSON.stringify({ id: channel, url: `${sink.base}/files/1024/${channel}.mp4` })
    const startedAt = Date.now()
    const response = await fetch(`${worker.url}${hookPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    await response.text()
    if (response.status !== 200) throw new Error(`latency event answered ${response.status}`)
    sent.push({ channel, startedAt })
    await new Promise((resolve) => setTimeout(resolve, gapMs))
  }

  const deadline = Date.now() + 60_000
  while (sent.some(({ channel }) => !sink.markers.has(channel)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const latencies = sent
    .filter(({ channel }) => sink.markers.has(channel))
    .map(({ channel, startedAt }) => sink.markers.get(channel) - startedAt)
  return {
    events: count,
    arrived: latencies.length,
    median_ms: percentile(latencies, 50),
    p99_ms: percentile(latencies, 99),
    max_ms: latencies.length ? Math.max(...latencies) : null,
  }
}

/** The p-th percentile (nearest rank) of a list of numbers; null when the list is empty. */
export function percentile(values, p) {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]
}
