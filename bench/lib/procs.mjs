// Child processes of the benchmark: spawned in their own process group, all killed at exit.
import { spawn } from 'node:child_process'
import { join } from 'node:path'

/** The repository root. */
export const ROOT = new URL('../..', import.meta.url).pathname
const WRANGLER_JS = join(ROOT, 'node_modules/wrangler/bin/wrangler.js')

// The pinned Node runs wrangler, whatever `node` is first on PATH (wrangler needs Node >= 22).
const ENV = {
  ...process.env,
  CI: 'true',
  WRANGLER_SEND_METRICS: 'false',
  PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH}`,
}

const groups = new Set()
const cleanups = new Set()

/** Sends SIGKILL to a process (or, with a negative id, a process group) that may be gone. */
export function killQuietly(pid) {
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}

/** Kills every process group still running and runs registered clean-ups; safe to call twice. */
export function killAll() {
  for (const pid of groups) killQuietly(-pid)
  groups.clear()
  for (const cleanup of cleanups) {
    try {
      cleanup()
    } catch {
      // Best effort at exit.
    }
  }
  cleanups.clear()
}

/** Registers a synchronous clean-up (e.g. removing a temp dir) to run at exit. */
export function atExit(cleanup) {
  cleanups.add(cleanup)
  return () => cleanups.delete(cleanup)
}

process.once('exit', killAll)
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killAll()
    process.exit(130)
  })
}

/**
 * Starts `wrangler <args>` in its own process group; its output is kept (last 400 lines) for
 * error reports and otherwise dropped. `stop()` ends the whole group and resolves at exit.
 */
export function spawnWrangler(args, { onLine } = {}) {
  const child = spawn(process.execPath, [WRANGLER_JS, ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: ENV,
  })
  groups.add(child.pid)
  const lines = []
  const stdout = []
  const exited = new Promise((resolve) => child.once('exit', resolve))
  // 'close' comes after the output is fully read; a JSON answer must wait for it.
  const closed = new Promise((resolve) => child.once('close', resolve))
  child.stdout.on('data', (chunk) => stdout.push(chunk))
  for (const stream of [child.stdout, child.stderr]) {
    let partial = ''
    stream.setEncoding('utf8')
    stream.on('data', (chunk) => {
      const parts = (partial + chunk).split('\n')
      partial = parts.pop() ?? ''
      for (const line of parts) {
        lines.push(line)
        if (lines.length > 400) lines.shift()
        onLine?.(line)
      }
    })
  }
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        // Already gone.
      }
      const timer = setTimeout(() => killQuietly(-child.pid), 5000)
      await exited
      clearTimeout(timer)
    }
    // Whatever wrangler left behind in its group (workerd) goes too.
    killQuietly(-child.pid)
    groups.delete(child.pid)
  }
  return { child, lines, stdout, exited, closed, stop }
}

/** Runs `wrangler <args>` to completion; resolves with its stdout, rejects with all output. */
export async function runWrangler(args) {
  const run = spawnWrangler(args)
  const [code] = await Promise.all([run.exited, run.closed])
  killQuietly(-run.child.pid)
  groups.delete(run.child.pid)
  if (code !== 0) {
    throw new Error(`wrangler ${args.slice(0, 3).join(' ')} failed:\n${run.lines.join('\n')}`)
  }
  return run.stdout.join('')
}
