// The fixed-duration load rows for one way of running workers: references first, then the app.
import { runLoad, uniqueChannelGet, uniqueRecording } from './load.mjs'
import { cpuTimeMs } from './proc-stats.mjs'
import { freshState, startMiniflare, startWranglerDev } from './worker.mjs'

const JSON_POST = { method: 'POST', headers: { 'content-type': 'application/json' } }

/** Starts a worker the given way ('miniflare' or 'wrangler dev') on a fresh local state. */
export async function startWorker(mode, { migrate = true, ...options }) {
  const state = await freshState(options.config, { migrate })
  const start = mode === 'miniflare' ? startMiniflare : startWranglerDev
  return start({ ...options, state })
}

/** Runs `checks` while Miniflare is up, or after wrangler dev exits (its D1 is read by wrangler). */
async function stopAndCheck(worker, checks) {
  if (worker.mode !== 'miniflare') await worker.stop()
  const result = await checks()
  if (worker.mode === 'miniflare') await worker.stop()
  return result
}

/**
 * Runs every load row for `mode` and returns them with their checks: acknowledged events all
 * stored, no 5xx. Workers run one at a time so they never compete for the cores.
 */
export async function throughputRows({ mode, builds, app, sink, seconds, tag }) {
  const rows = []
  const measure = async (worker, name, request) => {
    const cpuBefore = await cpuTimeMs(await worker.pids())
    const reloadsBefore = worker.reloads?.count ?? 0
    const result = await runLoad({ url: worker.url, request, duration: seconds })
    const cpuMs = (await cpuTimeMs(await worker.pids())) - cpuBefore
    const row = { name, mode, ...result, cpu_us_per_request: (cpuMs * 1000) / result.requests }
    row.reloads = (worker.reloads?.count ?? 0) - reloadsBefore
    const answered = result.s2xx > 0
    row.check = { ok: answered && result.s5xx === 0 && result.errors === 0 && !result.timeouts }
    rows.push(row)
    return row
  }
  const files = `${sink.base}/files/1024`

  const health = await startWorker(mode, { ...builds.health, migrate: false })
  await measure(health, 'ref: bare Hono /health', { method: 'GET', path: '/health' })
  await health.stop()

  const insert = await startWorker(mode, builds.insert)
  const insertRow = await measure(insert, 'ref: zod + one D1 insert', {
    ...JSON_POST,
    path: '/ingest',
    setupRequest: uniqueRecording(`tp${tag}r`, files),
  })
  const enqueueRow = await measure(insert, 'ref: zod + one D1 insert + Queue.send', {
    ...JSON_POST,
    path: '/ingest-enqueue',
    setupRequest: uniqueRecording(`tp${tag}q`, files),
  })
  await stopAndCheck(insert, async () => {
    const stored = await storedIds(insert, `tp${tag}`)
    insertRow.check = storedCheck(insertRow, stored, `tp${tag}r`)
    enqueueRow.check = storedCheck(enqueueRow, stored, `tp${tag}q`)
  })

  const worker = await startWorker(mode, { ...builds.app, ...app })
  await measure(worker, '/health (baseline)', { method: 'GET', path: '/health' })
  // Rows that plan no deliveries first: the recording rows leave archive copies queued behind.
  const seedChannel = `tp${tag}d-1`
  const seed = JSON.stringify({ id: seedChannel, url: `${files}/${seedChannel}.mp4` })
  await (await fetch(`${worker.url}${app.hookPath}`, { ...JSON_POST, body: seed })).text()
  const duplicate = await measure(worker, 'ingest: recording, duplicate', {
    ...JSON_POST,
    path: app.hookPath,
    body: seed,
  })
  const channel = await measure(worker, 'ingest: channel GET, unique', {
    method: 'GET',
    path: app.hookPath,
    setupRequest: uniqueChannelGet(`tp${tag}c`, app.hookPath),
  })
  const unique = await measure(worker, 'ingest: recording, unique', {
    ...JSON_POST,
    path: app.hookPath,
    setupRequest: uniqueRecording(`tp${tag}u`, files),
  })

  await stopAndCheck(worker, async () => {
    // One query for all three rows: through wrangler dev each query starts a wrangler.
    const stored = await storedIds(worker, `tp${tag}`)
    unique.check = storedCheck(unique, stored, `tp${tag}u`)
    channel.check = storedCheck(channel, stored, `tp${tag}c`)
    const storedOnce = [...stored].filter((id) => id === seedChannel).length === 1
    const allDuplicate = duplicate.duplicates === duplicate.s2xx && duplicate.s2xx > 0
    duplicate.check = {
      ok: duplicate.check.ok && allDuplicate && storedOnce,
      stored_once: storedOnce,
    }
  })
  return rows
}

/** Channel ids of the stored events whose channel id starts with `prefix`. */
async function storedIds(worker, prefix) {
  const rows = await worker.query(
    `SELECT channel_id FROM events WHERE channel_id LIKE '${prefix}%'`
  )
  return new Set(rows.map((row) => row.channel_id))
}

/**
 * Every acknowledged event must be stored. A fixed-duration run cuts off requests in flight,
 * which may be stored without their answer being read: at most one per connection.
 */
function storedCheck(row, stored, prefix) {
  const ids = [...stored].filter((id) => id.startsWith(`${prefix}-`))
  const missing = [...row.accepted].filter((id) => !stored.has(id)).length
  const inFlight = ids.length - (row.accepted.size - missing)
  return {
    ok: row.check.ok && missing === 0 && inFlight <= 64,
    accepted: row.accepted.size,
    stored: ids.length,
    missing,
    stored_in_flight_at_cutoff: inFlight,
  }
}
