// Archive of one large recording through local R2: throughput and the worker's memory growth.
import { memoryOf } from './proc-stats.mjs'

/**
 * Sends one recording of `bytes` bytes served by the local file origin, waits for its archive
 * delivery to finish, and samples the worker processes' resident memory every 50 ms meanwhile.
 */
export async function measureArchive({ worker, sink, hookPath, bytes, prefix, timeoutSeconds }) {
  const channel = `${prefix}-1`
  const url = `${sink.base}/files/${bytes}/${channel}.mp4`
  const pids = await worker.pids()
  const rss = async () => {
    let total = 0
    for (const pid of pids) total += (await memoryOf(pid)).rss
    return total
  }
  const baseline = await rss()
  let peak = baseline
  const sampler = setInterval(async () => (peak = Math.max(peak, await rss())), 50)

  const startedAt = Date.now()
  try {
    const response = await fetch(`${worker.url}${hookPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: channel, url, filesize: String(bytes) }),
    })
    const answer = await response.json()
    if (!answer.ok) throw new Error(`archive event refused: ${JSON.stringify(answer)}`)

    const deadline = Date.now() + timeoutSeconds * 1000
    let delivery
    for (;;) {
      ;[delivery] = await worker.query(
        `SELECT id, status, attempts, last_error FROM deliveries
         WHERE event_id = '${answer.event_id}' AND kind = 'archive'`
      )
      if (delivery && ['succeeded', 'dead'].includes(delivery.status)) break
      if (Date.now() > deadline) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const seconds = (Date.now() - startedAt) / 1000
    const [recording] = await worker.query(
      `SELECT archive_state, archive_size FROM recordings WHERE event_id = '${answer.event_id}'`
    )
    const [attempt] = delivery
      ? await worker.query(
          `SELECT ms FROM attempts WHERE delivery_id = '${delivery.id}' ORDER BY attempt DESC`
        )
      : []
    const copySeconds = attempt ? attempt.ms / 1000 : seconds
    return {
      bytes,
      status: delivery?.status ?? 'not planned',
      attempts: delivery?.attempts ?? 0,
      error: delivery?.last_error ?? null,
      archive_state: recording?.archive_state ?? null,
      archive_size: recording?.archive_size ?? null,
      ok: delivery?.status === 'succeeded' && recording?.archive_size === bytes,
      seconds_event_to_archived: seconds,
      copy_seconds: copySeconds,
      mib_per_s: bytes / 2 ** 20 / copySeconds,
      rss_baseline_mib: baseline / 2 ** 20,
      rss_peak_mib: peak / 2 ** 20,
      rss_growth_mib: (peak - baseline) / 2 ** 20,
    }
  } finally {
    clearInterval(sampler)
  }
}
