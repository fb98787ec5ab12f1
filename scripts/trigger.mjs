// `npm run trigger [-- --url <hook url>] [sample-name …]`: send the sample requests to a running worker,
// plus one recording served by the local origin that `npm run dev` starts, so the archive runs offline.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { devVars } from './dev-vars.mjs'
import { SAMPLE_BYTES } from './origin.mjs'

const { values: options, positionals: names } = parseArgs({
  options: { url: { type: 'string' } },
  allowPositionals: true,
})
const { file, values: vars } = devVars()
const token = vars.INGEST_TOKEN
if (!options.url && !token) {
  console.error(`INGEST_TOKEN is not set in ${file}: set it there or pass --url <hook url>`)
  process.exit(2)
}
const hook = options.url ?? `http://127.0.0.1:${process.env.PORT ?? '8787'}/hooks/${token}/`
const samples = JSON.parse(readFileSync(new URL('../test/fixtures/requests.json', import.meta.url)))
samples.push(localOriginSample(process.env.ORIGIN_PORT ?? '8788'))
const chosen = names.length ? samples.filter((sample) => names.includes(sample.name)) : samples
const unknown = names.filter((name) => !samples.some((sample) => sample.name === name))
if (unknown.length) {
  console.error(`unknown sample(s): ${unknown.join(', ')}`)
  console.error(`known: ${samples.map((sample) => sample.name).join(', ')}`)
  process.exit(2)
}

let mismatches = 0
for (const sample of chosen) {
  const url = new URL(hook)
  for (const [name, value] of Object.entries(sample.query)) url.searchParams.set(name, value)
  const body = sample.method === 'GET' ? undefined : sample.body
  let status
  let text
  try {
    const response = await fetch(url, { method: sample.method, headers: sample.headers, body })
    status = response.status
    text = await response.text()
  } catch (err) {
    console.error(`cannot reach ${new URL(hook).origin}: ${err.cause?.message ?? err.message}`)
    console.error('start the worker first: npm run dev')
    process.exit(1)
  }
  const answer = safeJson(text)
  const matches = /^\d+$/.test(sample.expect)
    ? String(status) === sample.expect
    : status === 200 && answer?.type === sample.expect
  if (!matches) mismatches++
  const mark = matches ? 'ok ' : 'BAD'
  console.log(
    `${mark} ${sample.name.padEnd(28)} expect ${sample.expect.padEnd(20)} got ${status} ${text}`
  )
}
console.log(`\n${chosen.length - mismatches} as expected, ${mismatches} not`)
process.exit(mismatches ? 1 : 0)

function safeJson(text) {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** A recording on the local origin; a new channel id each run, so it is never a duplicate. */
function localOriginSample(port) {
  const origin = `http://127.0.0.1:${port}`
  const id = `local-origin-${Date.now()}`
  const body = { id, url: `${origin}/sample.mp4`, thumbnail: `${origin}/sample.jpg` }
  return {
    name: 'recording-local-origin',
    expect: 'recording.completed',
    method: 'POST',
    query: {},
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, filesize: SAMPLE_BYTES, duration: '00:02:05' }),
  }
}
