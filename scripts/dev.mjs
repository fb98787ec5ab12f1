// `npm run dev`: apply local D1 migrations, then run the worker with local D1, Queue and R2.
import { spawn, spawnSync } from 'node:child_process'
import { devVars } from './dev-vars.mjs'
import { startOrigin } from './origin.mjs'

const port = process.env.PORT ?? '8787'
const { file, values } = devVars()

const migrate = spawnSync('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local'], {
  stdio: 'inherit',
  env: { ...process.env, CI: 'true' },
})
if (migrate.status !== 0) process.exit(migrate.status ?? 1)

console.log(`\nlocal values from ${file}`)
if (values.INGEST_TOKEN) {
  console.log(`register this URL with RemoteMonster (both hooks may share it):`)
  console.log(`  http://127.0.0.1:${port}/hooks/${values.INGEST_TOKEN}/\n`)
} else {
  console.log(`INGEST_TOKEN is not set in ${file}: every /hooks call will answer 503\n`)
}

// A stand-in for RemoteMonster's S3 bucket, so recordings can be archived to local R2 offline.
const origin = await startOrigin({ port: Number(process.env.ORIGIN_PORT ?? 8788) })
console.log(`local recording origin: ${origin.url}/sample.mp4 (npm run trigger sends one)\n`)

const args = ['dev', '--ip', '127.0.0.1', '--port', port, '--env-file', file, '--test-scheduled']
const dev = spawn('wrangler', [...args, ...process.argv.slice(2)], { stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => dev.kill(signal))

// wrangler dev does not fire cron triggers; tick the sweep once a minute as production would.
const tick = setInterval(() => {
  fetch(`http://127.0.0.1:${port}/__scheduled?cron=*+*+*+*+*`).catch(() => {})
}, 60_000)
dev.on('exit', () => clearInterval(tick))
dev.on('exit', (code) => origin.stop().then(() => process.exit(code ?? 0)))
