/** Shared test helpers: send requests to the worker through its real fetch handler. */
import { env, exports } from 'cloudflare:workers'
import samples from './fixtures/requests.json'

export const TOKEN = 'test-ingest-token'
export const HOOK = `http://relay.test/hooks/${TOKEN}/`

/** One sample request from `../shared/samples/requests.json`. */
export type Sample = (typeof samples)[number]
export { samples }

/** Sends a request to the worker's default export. */
export function send(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(new URL(path, 'http://relay.test'), init))
}

/** Sends one sample to the hook URL exactly as described. */
export function sendSample(sample: Sample, hook = HOOK): Promise<Response> {
  const url = new URL(hook)
  for (const [name, value] of Object.entries(sample.query)) url.searchParams.set(name, value)
  const hasBody = sample.method !== 'GET' && sample.method !== 'HEAD'
  return send(url.toString(), {
    method: sample.method,
    headers: sample.headers as Record<string, string>,
    body: hasBody ? sample.body : undefined,
  })
}

/** POSTs a JSON body to the hook. */
export function postJson(body: unknown, hook = HOOK): Promise<Response> {
  return send(hook, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

/** Counts the rows of a table, optionally filtered. */
export async function count(table: string, where = '1', ...params: unknown[]): Promise<number> {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`)
    .bind(...params)
    .first<{ n: number }>()
  return row?.n ?? 0
}

/** A recording event with unique ids, for tests that need many distinct events. */
export function recording(channel = `ch-${crypto.randomUUID()}`, extra: object = {}) {
  return { id: channel, url: `https://s3.amazonaws.com/svc/abc/${channel}.mp4`, ...extra }
}
