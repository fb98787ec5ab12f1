// Starts a worker for the benchmark: through `wrangler dev` (as users run it) or through
// Miniflare directly with the options wrangler derives from the same wrangler.toml.
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { childrenNamed, processTree } from './proc-stats.mjs'
import { atExit, killQuietly, ROOT, runWrangler, spawnWrangler } from './procs.mjs'

// Wrangler's own copy of miniflare (and so of workerd), not whichever one is hoisted.
const fromWrangler = createRequire(createRequire(import.meta.url).resolve('wrangler'))

/** The miniflare module wrangler itself runs. */
export const loadMiniflare = () => import(fromWrangler.resolve('miniflare'))

const migrated = new Map()

/**
 * A fresh temporary persist dir; with `migrate`, a copy of one where wrangler applied the
 * config's local D1 migrations (applied once per config, since every copy starts the same).
 */
export async function freshState(config, { migrate = true } = {}) {
  const dir = tempDir('livecast-bench-')
  if (!migrate) return dir
  if (!migrated.has(config)) {
    const template = tempDir('livecast-migrated-')
    migrated.set(
      config,
      runWrangler([
        'd1',
        'migrations',
        'apply',
        'DB',
        '--local',
        '-c',
        config,
        ...persist(template),
      ]).then(() => template)
    )
  }
  cpSync(await migrated.get(config), dir, { recursive: true })
  return dir
}

function tempDir(prefix) {
  const dir = mkdtempSync(join(process.env.BENCH_STATE_ROOT ?? tmpdir(), prefix))
  atExit(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

const persist = (dir) => ['--persist-to', dir]

/** Builds the worker exactly as `wrangler deploy` would: the bundle, its metafile and sizes. */
export async function buildWorker(config) {
  const outdir = mkdtempSync(join(tmpdir(), 'livecast-bundle-'))
  atExit(() => rmSync(outdir, { recursive: true, force: true }))
  const output = await runWrangler([
    'deploy',
    '--dry-run',
    '-c',
    config,
    '--outdir',
    outdir,
    '--metafile',
  ])
  // The bundle is named after the entry module (index.js, health.js, ...).
  const script = readdirSync(outdir).find((name) => name.endsWith('.js'))
  const upload = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output)
  return {
    config,
    script: join(outdir, script),
    metafile: join(outdir, 'bundle-meta.json'),
    wrangler_kib: upload ? Number(upload[1]) : null,
    wrangler_gzip_kib: upload ? Number(upload[2]) : null,
  }
}

/**
 * `wrangler dev` on a port it picks itself, local D1/Queue/R2 under `state`; secrets come from
 * an env file in the temp dir. Resolves with the URL once wrangler says it is ready.
 */
export async function startWranglerDev({ config, state, vars = {}, secrets = {} }) {
  const envFile = join(state, 'bench-secrets.env')
  writeFileSync(
    envFile,
    Object.entries(secrets)
      .map(([k, v]) => `${k}=${v}\n`)
      .join('')
  )
  const args = ['dev', '-c', config, '--ip', '127.0.0.1', '--port', '0', '--inspector-port', '0']
  args.push(...persist(state), '--env-file', envFile, '--test-scheduled')
  args.push('--show-interactive-dev-session=false')
  for (const [name, value] of Object.entries(vars)) args.push('--var', `${name}:${value}`)

  let ready
  const url = new Promise((resolve) => (ready = resolve))
  // A source file changing under wrangler dev reloads the worker mid-run: counted, for the report.
  const reloads = { count: 0 }
  const dev = spawnWrangler(args, {
    onLine: (line) => {
      const match = /Ready on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)
      if (match) ready(match[1])
      if (/Reloading local server/i.test(line)) reloads.count++
    },
  })
  const failed = dev.exited.then((code) => {
    throw new Error(`wrangler dev exited (${code}):\n${dev.lines.join('\n')}`)
  })
  const timeout = new Promise((_, reject) =>
    setTimeout(() => reject(new Error('wrangler dev not ready in 90 s')), 90_000).unref()
  )
  const base = await Promise.race([url, failed, timeout]).catch(async (err) => {
    await dev.stop()
    throw err
  })
  failed.catch(() => {})
  await waitForHttp(base)
  return {
    mode: 'wrangler dev',
    url: base,
    reloads,
    pids: () => processTree(dev.child.pid),
    stop: dev.stop,
    sweep: () => fetch(`${base}/__scheduled?cron=*+*+*+*+*`).then((r) => r.text()),
    query: (sql) => d1Query(config, state, sql),
  }
}

/**
 * Miniflare with the worker options wrangler derives from `config`, running the bundle wrangler
 * built: one workerd, no proxy, worker logs counted rather than printed.
 */
export async function startMiniflare({ config, script, state, vars = {}, secrets = {} }) {
  const { unstable_getMiniflareWorkerOptions } = await import('wrangler')
  const { Miniflare, convertV4MiniflareOptions } = await loadMiniflare()
  // The bundle is one module, so wrangler's module rules have nothing to match (and miniflare 5
  // refuses them in v4-style options).
  const { modulesRules, ...workerOptions } = unstable_getMiniflareWorkerOptions(
    join(ROOT, config)
  ).workerOptions
  const logs = { lines: 0, errors: [] }
  const options = {
    ...workerOptions,
    rootPath: ROOT,
    bindings: { ...workerOptions.bindings, ...vars, ...secrets },
    modules: true,
    scriptPath: script,
    modulesRoot: dirname(script),
    host: '127.0.0.1',
    port: 0,
    resourcePersistencePath: join(state, 'v3'),
    handleStructuredLogs: ({ level, message }) => {
      logs.lines++
      if (level === 'error' && logs.errors.length < 20) logs.errors.push(message)
    },
  }
  const before = new Set(await childrenNamed('workerd'))
  const mf = new Miniflare(convertV4MiniflareOptions(options))
  // Miniflare's workerd is our direct child, outside any process group we track: kill it by id.
  let pids = []
  const forget = atExit(() => pids.forEach((pid) => killQuietly(pid)))
  const url = (await mf.ready).origin
  pids = (await childrenNamed('workerd')).filter((pid) => !before.has(pid))
  await waitForHttp(url)
  return {
    mode: 'miniflare',
    url,
    logs,
    pids: async () => pids,
    stop: async () => {
      await mf.dispose()
      forget()
    },
    sweep: async () => (await mf.getWorker()).scheduled({ cron: '* * * * *' }),
    query: async (sql) => (await (await mf.getD1Database('DB')).prepare(sql).all()).results,
  }
}

/** Rows from the local D1 of a wrangler-dev worker, read through `wrangler d1 execute`. */
export async function d1Query(config, state, sql) {
  const args = ['d1', 'execute', 'DB', '--local', '-c', config, ...persist(state), '--json']
  const output = await runWrangler([...args, '--command', sql])
  return JSON.parse(output).at(0).results
}

async function waitForHttp(url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const response = await fetch(url)
      await response.body?.cancel()
      return
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${url} did not answer: ${err}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}
