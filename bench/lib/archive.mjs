// Archive of one large recording through local R2: throughput and the worker's memory growth.
import { memoryOf } from './proc-stats.mjs'

const MiB = 2 ** 20

/**
 * Sends one recording of `bytes` bytes served by the local file origin, waits for its archive
 * delivery to finish, and samples the worker processes' resident memory meanwhile.
 */
export async function measureArchive({ worker, sink, hookPath, bytes, prefix, timeoutSeconds }) {
  const channel = `${prefix}-1`
  const body = JSON.stringify({
    id: channel,
    url: `${sink.base}/files/${bytes}/${channel}.mp4`,
    filesize: String(bytes),
  })
  const sampled = await whileSampling(await worker.pids(), async () => {
    const headers = { 'content-type': 'application/json' }
    const response = await fetch(`${worker.url}${hookPath}`, { method: 'POST', headers, body })
    const answer = await response.json()
    if (!answer.ok) throw new Error(`archive event refused: ${JSON.stringify(answer)}`)
    return waitForArchive(worker, answer.event_id, timeoutSeconds)
  })
  const { delivery, recording, copyMs } = sampled.result
  return {
    bytes,
    status: delivery?.status ?? 'not planned',
    attempts: delivery?.attempts ?? 0,
    error: delivery?.last_error ?? null,
    archive_state: recording?.archive_state ?? null,
    archive_size: recording?.archive_size ?? null,
    ok: delivery?.status === 'succeeded' && recording?.archive_size === bytes,
    seconds_event_to_archived: sampled.seconds,
    copy_seconds: copyMs / 1000,
    mib_per_s: bytes / MiB / (copyMs / 1000),
    ...sampled.memory,
  }
}

/** The same copy by the archive reference worker: the floor of speed and memory locally. */
export async function measureArchiveFloor({ worker, sink, bytes }) {
  const url = `${sink.base}/files/${bytes}/floor.mp4`
  const sampled = await whileSampling(await worker.pids(), async () => {
    const response = await fetch(worker.url, {
      method: 'POST',
      body: JSON.stringify({ url, size: bytes }),
    })
    return response.json()
  })
  const { ok, ms } = sampled.result
  return {
    bytes,
    ok,
    copy_seconds: ms / 1000,
    mib_per_s: bytes / MiB / (ms / 1000),
    ...sampled.memory,
  }
}

async function waitForArchive(worker, eventId, timeoutSeconds) {
  const deadline = Date.now() + timeoutSeconds * 1000
  const sql = `SELECT id, status, attempts, last_error FROM deliveries
    WHERE event_id = '${eventId}' AND kind = 'archive'`
  let delivery
  for (;;) {
    ;[delivery] = await worker.query(sql)
    if (['succeeded', 'dead'].includes(delivery?.status) || Date.now() > deadline) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const [recording] = await worker.query(
    `SELECT archive_state, archive_size FROM recordings WHERE event_id = '${eventId}'`
  )
  // The attempt's own duration: the copy itself, without the queue's batching delay.
  const [attempt] = delivery
    ? await worker.query(`SELECT max(ms) AS ms FROM attempts WHERE delivery_id = '${delivery.id}'`)
    : []
  return { delivery, recording, copyMs: attempt?.ms ?? 0 }
}

/** Runs `work` while sampling the processes' summed resident memory every 50 ms. */
async function whileSampling(pids, work) {
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
    const result = await work()
    return {
      result,
      seconds: (Date.now() - startedAt) / 1000,
      memory: {
        rss_baseline_mib: baseline / MiB,
        rss_peak_mib: peak / MiB,
        rss_growth_mib: (peak - baseline) / MiB,
      },
    }
  } finally {
    clearInterval(sampler)
  }
}
