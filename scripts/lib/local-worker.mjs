// Starts the worker the way users run it (`wrangler dev`, same wrangler.toml) on a free port, with
// its own temporary local D1/Queue/R2 state. Used by the demo and the end-to-end tests.
import { execFile, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ROOT = new URL('../..', import.meta.url).pathname
const WRANGLER_JS = join(ROOT, 'node_modules/wrangler/bin/wrangler.js')
// The pinned Node runs wrangler, whatever `node` is first on PATH (wrangler needs Node ≥ 22).
const ENV = {
  ...process.env,
  CI: 'true',
  WRANGLER_SEND_METRICS: 'false',
  PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH}`,
}

function wrangler(args, options) {
  return spawnSync(process.execPath, [WRANGLER_JS, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: ENV,
    ...options,
  })
}

/** A port nobody is listening on right now, on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/**
 * Starts `wrangler dev` with `vars` (strings, or objects sent as JSON) and `secrets`.
 * Resolves once /health answers; `stop()` ends wrangler and workerd and removes the state.
 */
export async function startWorker({ vars = {}, secrets = {}, log = false, port } = {}) {
  const state = mkdtempSync(join(tmpdir(), 'livecast-relay-'))
  const envFile = join(state, 'secrets.env')
  writeFileSync(
    envFile,
    Object.entries(secrets)
      .map(([k, v]) => `${k}=${v}\n`)
      .join('')
  )

  const migrate = wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state])
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stderr}`)

  const inspector = await freePort()
  port ??= await freePort()
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port)]
  args.push('--inspector-port', String(inspector), '--persist-to', state, '--env-file', envFile)
  args.push('--test-scheduled', '--show-interactive-dev-session=false')
  for (const [name, value] of Object.entries(vars)) {
    args.push('--var', `${name}:${typeof value === 'string' ? value : JSON.stringify(value)}`)
  }
  const child = spawn(process.execPath, [WRANGLER_JS, ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: ENV,
  })
  const output = []
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8')
    stream.on('data', (chunk) => {
      output.push(chunk)
      if (log) process.stdout.write(chunk)
    })
  }

  const url = `http://127.0.0.1:${port}`
  const watchdog = guard(child.pid, state)
  const stop = () => {
    for (const group of [child.pid, watchdog.pid]) {
      try {
        process.kill(-group, 'SIGTERM')
      } catch {
        // Already gone.
      }
    }
    rmSync(state, { recursive: true, force: true })
  }
  process.once('exit', stop)
  try {
    await waitFor(`${url}/health`, child, output)
  } catch (err) {
    stop()
    throw err
  }
  return {
    url,
    state,
    stop,
    output,
    d1: (sql) => d1(state, sql),
    query: (sql) => query(state, sql),
  }
}

async function waitFor(url, child, output, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited:\n${output.join('')}`)
    try {
      const response = await fetch(url)
      await response.body?.cancel()
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  throw new Error(`wrangler dev did not answer within ${timeoutMs} ms:\n${output.join('')}`)
}

/**
 * A tiny process that ends wrangler (and removes its state) if this process dies without calling
 * stop(), e.g. a test runner killed mid-run: servers started for tests must never outlive them.
 */
function guard(groupPid, state) {
  const script = `
    const [parent, group, state] = process.argv.slice(1)
    setInterval(() => {
      try { process.kill(Number(parent), 0) } catch {
        try { process.kill(-Number(group), 'SIGTERM') } catch {}
        require('node:fs').rmSync(state, { recursive: true, force: true })
        process.exit(0)
      }
    }, 1000)`
  const args = ['-e', script, String(process.pid), String(groupPid), state]
  const watchdog = spawn(process.execPath, args, { detached: true, stdio: 'ignore' })
  watchdog.unref()
  return watchdog
}

/** Runs SQL against the local D1 of a started worker and returns the rows (blocks Node). */
export function d1(state, sql) {
  const run = wrangler([
    'd1',
    'execute',
    'DB',
    '--local',
    '--persist-to',
    state,
    '--json',
    '--command',
    sql,
  ])
  if (run.status !== 0) throw new Error(`d1 execute failed:\n${run.stderr}${run.stdout}`)
  return JSON.parse(run.stdout)[0].results
}

/**
 * Like d1(), without blocking Node's event loop: use it when servers in the same process (a
 * sink, an origin) must keep answering while the query runs.
 */
export function query(state, sql) {
  const args = ['d1', 'execute', 'DB', '--local', '--persist-to', state, '--json', '--command', sql]
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [WRANGLER_JS, ...args],
      { cwd: ROOT, env: ENV },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`d1 execute failed:\n${stderr}${stdout}`))
        resolve(JSON.parse(stdout)[0].results)
      }
    )
  })
}
