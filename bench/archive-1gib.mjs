// Archives a 1 GiB recording through local R2 with the worker started as users run it (wrangler
// dev), and reports throughput and the peak memory of the workerd processes doing the copy,
// beside a reference worker that does nothing but stream one fetch into one R2 put.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { recordingSha256, startOrigin } from '../scripts/origin.mjs'
import { freePort, startWorker } from '../scripts/lib/local-worker.mjs'

const GiB = 1024 * 1024 * 1024
const MiB = 1024 * 1024
const INGEST_TOKEN = 'bench-ingest-token'
const ADMIN_TOKEN = 'bench-admin-token'

/**
 * Archives one generated file of `bytes` (made on the fly by the origin, never written to disk)
 * through the project's worker, then copies the same bytes with the reference worker, and
 * returns both runs' time, throughput and workerd memory.
 */
export async function benchArchive({ bytes = GiB, verify = true, timeoutMs = 10 * 60_000 } = {}) {
  const origin = await startOrigin()
  try {
    const project = await archiveThroughProject(origin, bytes, verify, timeoutMs)
    await noWorkerdLeft()
    const reference = await copyThroughReference(origin, bytes)
    return { bytes, project, reference }
  } finally {
    await origin.stop()
  }
}

/** The archive as users run it: webhook in, queue, archive delivery, R2; read back to verify. */
async function archiveThroughProject(origin, bytes, verify, timeoutMs) {
  const worker = await startWorker({
    vars: { ARCHIVE_SOURCE_HOSTS: '127.0.0.1' },
    secrets: { INGEST_TOKEN, ADMIN_TOKEN },
  })
  // Killed from outside (Ctrl-C, a timeout): stop wrangler too, which `finally` would not reach.
  const onSignal = () => {
    worker.stop()
    process.exit(130)
  }
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, onSignal)
  try {
    const name = `bench-${bytes}.mp4`
    let recordingId
    const result = await measure(async () => {
      const response = await fetch(`${worker.url}/hooks/${INGEST_TOKEN}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: 'bench-archive',
          url: `${origin.url}/recordings/${bytes}/${name}`,
          filesize: String(bytes),
        }),
      })
      const answer = await response.json()
      if (!answer.ok) throw new Error(`ingest refused the webhook: ${JSON.stringify(answer)}`)
      recordingId = answer.event_id.replace(/^evt_/, 'rec_')
      await waitForArchive(worker, recordingId, performance.now() + timeoutMs)
    }, bytes)
    const [row] = await worker.query(
      `SELECT archive_state, archive_size FROM recordings WHERE id = '${recordingId}'`
    )
    const sha256Match = verify
      ? (await copySha256(worker, recordingId)) === recordingSha256(name, bytes)
      : null
    return { ...result, ...row, sha256_match: sha256Match }
  } finally {
    for (const signal of ['SIGINT', 'SIGTERM']) process.off(signal, onSignal)
    worker.stop()
  }
}

/** Runs `work` while sampling the worker's workerd memory; returns seconds, MiB/s, memory. */
async function measure(work, bytes) {
  // Let start-up settle, so the baseline is the idle worker and not its boot.
  await new Promise((resolve) => setTimeout(resolve, 2000))
  const idle = await workerMemory()
  const sampler = sampleMemory()
  const started = performance.now()
  await work()
  const seconds = (performance.now() - started) / 1000
  const sampled = sampler.stop()
  const highest = Math.max(sampled.rss, (await workerMemory()).peak)
  return {
    seconds: round(seconds, 2),
    mib_per_second: round(bytes / MiB / seconds, 1),
    workerd_idle_rss_mib: round(idle.rss / MiB, 1),
    workerd_peak_rss_mib: round(highest / MiB, 1),
    workerd_growth_mib: round((highest - idle.rss) / MiB, 1),
    workerd_restarts: sampled.restarts,
  }
}

// The reference: one fetch streamed through a FixedLengthStream into one R2 put, nothing else.
const REFERENCE_WORKER = `export default {
  async fetch(request, env) {
    const { searchParams } = new URL(request.url)
    const size = Number(searchParams.get('size'))
    const source = await fetch(searchParams.get('src'))
    const sized = new FixedLengthStream(size)
    const [object] = await Promise.all([env.R2.put('copy', sized.readable), source.body.pipeTo(sized.writable)])
    return new Response(String(object.size))
  },
}
`

/** The same bytes copied by the reference worker under wrangler dev, measured the same way. */
async function copyThroughReference(origin, bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'livecast-archive-reference-'))
  writeFileSync(join(dir, 'index.js'), REFERENCE_WORKER)
  writeFileSync(
    join(dir, 'wrangler.toml'),
    'name = "archive-reference"\nmain = "index.js"\ncompatibility_date = "2026-11-01"\n' +
      '[[r2_buckets]]\nbinding = "R2"\nbucket_name = "reference"\n'
  )
  const port = await freePort()
  const wrangler = join(process.cwd(), 'node_modules/wrangler/bin/wrangler.js')
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port']
  args.push(String(await freePort()), '--persist-to', join(dir, 'state'))
  const child = spawn(
    process.execPath,
    [wrangler, ...args, '--show-interactive-dev-session=false'],
    {
      cwd: dir,
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false' },
    }
  )
  try {
    const url = `http://127.0.0.1:${port}`
    await waitUntil(() => fetch(url).then((response) => response.body?.cancel()))
    const src = encodeURIComponent(`${origin.url}/recordings/${bytes}/reference.mp4`)
    return await measure(async () => {
      const response = await fetch(`${url}/?size=${bytes}&src=${src}`)
      if ((await response.text()) !== String(bytes)) throw new Error('reference copy failed')
    }, bytes)
  } finally {
    process.kill(-child.pid, 'SIGTERM')
    rmSync(dir, { recursive: true, force: true })
  }
}

async function waitUntil(attempt, timeoutMs = 60_000) {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    try {
      return await attempt()
    } catch (err) {
      if (performance.now() > deadline) throw err
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
}

/** Waits until the previous worker's workerd processes have exited. */
async function noWorkerdLeft() {
  await waitUntil(async () => {
    if ((await workerdPids()).length > 0) throw new Error('workerd still running')
  }, 15_000)
}

/** Waits until the file endpoint serves the copy; its 404 names the archive state meanwhile. */
async function waitForArchive(worker, recordingId, deadline) {
  for (;;) {
    const response = await fetch(`${worker.url}/api/recordings/${recordingId}/file`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, range: 'bytes=0-0' },
    })
    const text = await response.text()
    if (response.status === 206) return
    if (!text.includes('archive state: pending')) throw new Error(`archive not copied: ${text}`)
    if (performance.now() > deadline) throw new Error(`archive of ${recordingId} still pending`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** Reads the archived copy back through GET /api/recordings/:id/file and hashes it. */
async function copySha256(worker, recordingId) {
  const response = await fetch(`${worker.url}/api/recordings/${recordingId}/file`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  })
  if (response.status !== 200) throw new Error(`file endpoint answered ${response.status}`)
  const hash = createHash('sha256')
  for await (const chunk of response.body) hash.update(chunk)
  return hash.digest('hex')
}

/**
 * Samples the worker's RSS every 100 ms, finding its process again each time: wrangler dev
 * restarts workerd when a source file changes, and a restart must not drop out of the numbers.
 */
function sampleMemory() {
  let rss = 0
  const pids = new Set()
  const timer = setInterval(async () => {
    const memory = await workerMemory()
    rss = Math.max(rss, memory.rss)
    pids.add(memory.pid)
  }, 100)
  return {
    stop: () => {
      clearInterval(timer)
      return { rss, restarts: Math.max(0, pids.size - 1) }
    },
  }
}

/** Pid, RSS and peak RSS (VmHWM) of the workerd process running the Worker. */
async function workerMemory() {
  const [pid] = await workerdPids()
  if (pid === undefined) throw new Error('no workerd process running the Worker was found')
  return { pid, ...(await memoryOf(pid)) }
}

/** Current RSS and peak RSS (VmHWM) of one process, in bytes. */
async function memoryOf(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  const kib = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024
  return { rss: kib('VmRSS'), peak: kib('VmHWM') }
}

/**
 * The workerd processes below this one that run a Worker with its local D1/Queue/R2 (wrangler
 * starts them with an inspector; its other workerd is the entry proxy, not measured).
 */
async function workerdPids() {
  const found = []
  const queue = [process.pid]
  while (queue.length > 0) {
    const pid = queue.shift()
    for (const task of await readdir(`/proc/${pid}/task`).catch(() => [])) {
      const children = await readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '')
      for (const child of children.split(/\s+/).filter(Boolean).map(Number)) {
        queue.push(child)
        const comm = await readFile(`/proc/${child}/comm`, 'utf8').catch(() => '')
        const cmdline = await readFile(`/proc/${child}/cmdline`, 'utf8').catch(() => '')
        if (comm.trim() === 'workerd' && cmdline.includes('--inspector-addr')) found.push(child)
      }
    }
  }
  return found
}

function round(value, digits) {
  return Number(value.toFixed(digits))
}

// Run alone: `node_modules/.bin/node bench/archive-1gib.mjs [bytes] [--no-verify]`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const bytes = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? GiB)
  const result = await benchArchive({ bytes, verify: !process.argv.includes('--no-verify') })
  console.log(`archive of ${bytes} bytes through local R2 (wrangler dev)`)
  const rows = {}
  for (const [name, run] of Object.entries(result).filter(([name]) => name !== 'bytes')) {
    for (const [metric, value] of Object.entries(run))
      rows[metric] = { ...rows[metric], [name]: value }
  }
  console.table(rows)
  process.exit(result.project.sha256_match === false ? 1 : 0)
}
