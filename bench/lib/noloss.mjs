// The no-loss check: N unique recordings at 64 connections, then every delivery must finish.
import { livecastMix, runLoad } from './load.mjs'

const TERMINAL = ['succeeded', 'dead']

/**
 * Sends exactly `count` events on unique channels (channel GETs, every `recordingEvery`-th a
 * recording), waits until `drainDeadline` (epoch ms; at least 30 s) for their deliveries (webhook
 * sink and R2 archive) to finish, and checks: stored events = accepted answers, no 5xx, every
 * delivery succeeded, one archive per recording, and the sink saw each webhook exactly once.
 */
export async function runNoLoss(options) {
  const { worker, sink, hookPath, count, recordingEvery, drainDeadline, prefix } = options
  const files = `${sink.base}/files/1024`
  const request = {
    method: 'GET',
    path: hookPath,
    setupRequest: livecastMix(prefix, hookPath, files, recordingEvery),
  }
  const load = await runLoad({ url: worker.url, request, amount: count })

  const drainStarted = Date.now()
  // At least 30 s to finish the deliveries, more if the run's time budget allows.
  const drainSeconds = Math.max(30, (drainDeadline - drainStarted) / 1000)
  const drain = await waitForDeliveries(worker, drainSeconds)
  drain.seconds = (Date.now() - drainStarted) / 1000

  const stored = await worker.query(
    `SELECT channel_id FROM events WHERE channel_id LIKE '${prefix}-%'`
  )
  const storedIds = new Set(stored.map((row) => row.channel_id))
  const missing = [...load.accepted].filter((id) => !storedIds.has(id)).length
  const unacknowledged = [...storedIds].filter((id) => !load.accepted.has(id)).length
  const [{ n: recordings }] = await worker.query(
    `SELECT count(*) AS n FROM events
     WHERE type = 'recording.completed' AND channel_id LIKE '${prefix}-%'`
  )

  const byStatus = await worker.query(
    'SELECT kind, status, count(*) AS n FROM deliveries GROUP BY kind, status ORDER BY kind, status'
  )
  const deliveries = (kind) => byStatus.filter((row) => row.kind === kind)
  const total = (rows) => rows.reduce((sum, row) => sum + row.n, 0)
  const succeeded = (rows) => total(rows.filter((row) => row.status === 'succeeded'))
  const webhook = sink.tally('webhook')

  const checks = {
    stored_equals_accepted: storedIds.size === load.accepted.size && missing === 0,
    zero_5xx: load.s5xx === 0,
    zero_errors: load.errors === 0 && load.timeouts === 0 && load.non2xx === 0,
    all_requests_answered: load.requests === count,
    deliveries_all_succeeded: total(byStatus) > 0 && succeeded(byStatus) === total(byStatus),
    one_webhook_delivery_per_event: total(deliveries('webhook')) === load.accepted.size,
    one_archive_per_recording: recordings > 0 && total(deliveries('archive')) === recordings,
    sink_saw_no_delivery_twice: webhook.repeated === 0 && webhook.total === webhook.unique,
    // Every delivery marked succeeded reached the sink; once all finished, exactly those did.
    sink_count_matches_succeeded_webhooks: drain.complete
      ? webhook.unique === succeeded(deliveries('webhook'))
      : webhook.unique >= succeeded(deliveries('webhook')),
  }
  return {
    count,
    recording_every: recordingEvery,
    recordings,
    load: { ...load, accepted: load.accepted.size },
    stored: storedIds.size,
    missing,
    stored_but_unacknowledged: unacknowledged,
    deliveries: byStatus,
    deliveries_total: total(byStatus),
    deliveries_succeeded: succeeded(byStatus),
    sink_webhook: webhook,
    drain,
    checks,
    ok: Object.values(checks).every(Boolean),
  }
}

/**
 * Polls D1 until no delivery is pending, running or waiting to retry. When progress stalls
 * for 5 s the cron sweep is triggered, as the every-minute cron would in production.
 */
export async function waitForDeliveries(worker, timeoutSeconds) {
  const deadline = Date.now() + timeoutSeconds * 1000
  let lastOpen = Infinity
  let lastProgress = Date.now()
  let sweeps = 0
  for (;;) {
    const rows = await worker.query('SELECT status, count(*) AS n FROM deliveries GROUP BY status')
    const open = rows.filter((row) => !TERMINAL.includes(row.status)).reduce((s, r) => s + r.n, 0)
    if (open === 0) return { complete: true, open, sweeps }
    if (Date.now() > deadline) return { complete: false, open, sweeps }
    if (open < lastOpen) {
      lastOpen = open
      lastProgress = Date.now()
    } else if (Date.now() - lastProgress > 5000) {
      await worker.sweep()
      sweeps++
      lastProgress = Date.now()
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}
