// `npm run demo`: the whole path on this machine. Starts the worker as users run it, local
// stand-ins for Slack, Discord, an internal service and the recording origin, sends the samples,
// and prints what each target received and how every delivery and archive ended.
import { readFileSync } from 'node:fs'
import { Webhook } from 'standardwebhooks'
import { startOrigin } from './origin.mjs'
import { blockKitProblems } from './lib/block-kit.mjs'
import { freePort, startWorker } from './lib/local-worker.mjs'
import { startSink } from './lib/sink.mjs'

const TOKEN = 'demo-ingest-token'
const SIGNING_SECRET = `whsec_${Buffer.from('livecast-relay demo secret!').toString('base64')}`
const samples = JSON.parse(readFileSync(new URL('../test/fixtures/requests.json', import.meta.url)))

const origin = await startOrigin()
const sink = await startSink()
const port = await freePort()
const base = `http://127.0.0.1:${port}`
console.log('starting the worker (wrangler dev) with a Slack, a Discord and a webhook target…')
const worker = await startWorker({
  port,
  secrets: {
    INGEST_TOKEN: TOKEN,
    ADMIN_TOKEN: 'demo-admin-token',
    SLACK_DEMO_URL: `${sink.url}/slack/demo`,
    MEDIA_SIGNING_SECRET: SIGNING_SECRET,
  },
  vars: {
    PUBLIC_BASE_URL: base,
    ARCHIVE_SOURCE_HOSTS: '127.0.0.1',
    TARGETS: [
      { name: 'slack-live', type: 'slack', url_secret: 'SLACK_DEMO_URL' },
      { name: 'discord-ops', type: 'discord', url: `${sink.url}/discord/ops` },
      {
        name: 'media-service',
        type: 'webhook',
        url: `${sink.url}/ok/media`,
        signing_secret: 'MEDIA_SIGNING_SECRET',
        headers: { 'X-Team': 'video' },
      },
    ],
  },
})

let failed = false
try {
  console.log(`\nworker ${base}   origin ${origin.url}   targets ${sink.url}\n`)
  console.log('sending the samples (recording URLs point at the local origin):')
  for (const sample of samples) {
    const answer = await send(sample)
    console.log(`  ${sample.name.padEnd(28)} → ${answer.status} ${answer.text}`)
  }

  await settle()
  failed = !(await report())
} catch (err) {
  failed = true
  console.error(err)
} finally {
  worker.stop()
  await Promise.all([sink.stop(), origin.stop()])
}
process.exit(failed ? 1 : 0)

/** Sends one sample, with its recording URL moved to the local origin (same file name and size). */
async function send(sample) {
  const url = new URL(`${base}/hooks/${TOKEN}/`)
  for (const [name, value] of Object.entries(sample.query)) url.searchParams.set(name, value)
  let body = sample.method === 'GET' ? undefined : sample.body
  if (body && sample.expect === 'recording.completed') body = localOrigin(body, sample.headers)
  const response = await fetch(url, { method: sample.method, headers: sample.headers, body })
  return { status: response.status, text: await response.text() }
}

function localOrigin(body, headers) {
  const form = /urlencoded/.test(headers['content-type'] ?? '')
  const fields = form ? Object.fromEntries(new URLSearchParams(body)) : JSON.parse(body)
  // Demo-sized files: the samples name sizes up to 1 GiB; 1/100 keeps the demo quick.
  const size = Math.max(1, Math.floor((Number(fields.filesize) || 4 * 1024 * 1024) / 100))
  const file = new URL(fields.url).pathname.split('/').pop()
  fields.url = `${origin.url}/recordings/${size}/${file}`
  if (fields.filesize !== undefined && fields.filesize !== '') fields.filesize = size
  return form ? new URLSearchParams(fields).toString() : JSON.stringify(fields)
}

/** Waits until no delivery is pending, failed or delivering (at most 90 s). */
async function settle() {
  const deadline = Date.now() + 90_000
  for (;;) {
    const [open] = await worker.query(
      `SELECT count(*) AS n FROM deliveries WHERE status NOT IN ('succeeded', 'dead')`
    )
    if (open.n === 0 || Date.now() > deadline) return
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

/** Prints what each stand-in received and every final state; true when all is as it should be. */
async function report() {
  let ok = true
  const slack = sink.requests.filter((r) => r.path.startsWith('/slack/'))
  console.log(`\nSlack stand-in received ${slack.length} message(s):`)
  for (const request of slack) {
    const message = JSON.parse(request.body)
    const problems = blockKitProblems(message)
    ok &&= problems.length === 0
    console.log(`  ${problems.length ? 'INVALID' : 'valid Block Kit'}  ${message.text}`)
    for (const problem of problems) console.log(`    ! ${problem}`)
    const summary = message.blocks.find((block) => block.fields)
    if (summary) {
      const fields = summary.fields.map((field) => field.text.replace('\n', ': ')).join(' | ')
      console.log(`    ${fields}`)
      console.log(`    thumbnail: ${summary.accessory?.image_url ?? 'none'}`)
      const links = message.blocks.map((block) => block.text?.text ?? '').join(' ')
      console.log(
        `    links: ${[...links.matchAll(/<([^|>]+)\|([^>]+)>/g)].map((m) => `${m[2]} ${m[1]}`).join(', ')}`
      )
    }
  }

  const discord = sink.requests.filter((r) => r.path.startsWith('/discord/'))
  console.log(`\nDiscord stand-in received ${discord.length} message(s):`)
  for (const request of discord) {
    const [embed] = JSON.parse(request.body).embeds
    const fields = (embed.fields ?? []).map((field) => `${field.name}: ${field.value}`).join(' | ')
    console.log(`  ${embed.title}${fields ? `  (${fields})` : ''}`)
  }

  const internal = sink.requests.filter((r) => r.path.startsWith('/ok/media'))
  console.log(`\nInternal service received ${internal.length} signed envelope(s):`)
  for (const request of internal) {
    let verified = 'signature ok (standardwebhooks verify)'
    try {
      new Webhook(SIGNING_SECRET).verify(request.body, request.headers)
    } catch (err) {
      verified = `SIGNATURE REJECTED: ${err.message}`
      ok = false
    }
    const envelope = JSON.parse(request.body)
    console.log(
      `  ${envelope.id} ${envelope.type.padEnd(20)} ${envelope.channel_id.padEnd(22)} ${verified}`
    )
  }

  const deliveries = await worker.query(
    `SELECT d.target, e.type, e.channel_id, d.status, d.attempts, d.last_error
     FROM deliveries d JOIN events e ON e.id = d.event_id ORDER BY d.created_at, d.target`
  )
  console.log(`\nDeliveries (${deliveries.length}):`)
  for (const d of deliveries) {
    ok &&= d.status === 'succeeded'
    const error = d.last_error ? `  ${d.last_error}` : ''
    console.log(
      `  ${d.target.padEnd(14)} ${d.type.padEnd(20)} ${d.channel_id.padEnd(22)} ${d.status} after ${d.attempts}${error}`
    )
  }

  const recordings = await worker.query(
    `SELECT id, channel_id, archive_state, archive_size, archive_key FROM recordings ORDER BY received_at`
  )
  console.log(`\nArchive (local R2):`)
  for (const r of recordings) {
    ok &&= r.archive_state === 'copied'
    console.log(
      `  ${r.id} ${r.archive_state.padEnd(8)} ${String(r.archive_size ?? '-').padStart(9)} B  ${r.archive_key ?? ''}`
    )
  }
  console.log(
    ok ? '\nevery delivery succeeded.' : '\nSOMETHING DID NOT GO AS EXPECTED (see above).'
  )
  return ok
}
