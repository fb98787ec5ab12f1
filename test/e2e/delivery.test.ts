// End to end: the worker runs as users run it (wrangler dev, local D1 + Queue), targets are real
// HTTP servers on 127.0.0.1, and every check reads what the servers received and what D1 recorded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWorker, type LocalWorker } from '../../scripts/lib/local-worker.mjs'
import { startSink, type Sink } from '../../scripts/lib/sink.mjs'

const TOKEN = 'e2e-ingest-token'
const ADMIN = 'e2e-admin-token'
let sink: Sink
let worker: LocalWorker

beforeAll(async () => {
  sink = await startSink()
  const only = (prefix: string) => ({ channels: [`${prefix}-*`] })
  const TARGETS = [
    { name: 'steady', type: 'slack', url: `${sink.url}/slack/steady` },
    { name: 'flaky', type: 'webhook', url: `${sink.url}/flaky/e2e/2`, ...only('flaky') },
    {
      name: 'limited',
      type: 'webhook',
      url: `${sink.url}/status/429?retry_after=7`,
      ...only('limited'),
    },
    {
      name: 'hanging',
      type: 'webhook',
      url: `${sink.url}/hang`,
      timeout_ms: 1000,
      ...only('hang'),
    },
    { name: 'missing', type: 'webhook', url: `${sink.url}/status/404`, ...only('gone') },
    { name: 'down', type: 'webhook', url: `${sink.url}/status/503`, ...only('down') },
  ]
  worker = await startWorker({
    secrets: { INGEST_TOKEN: TOKEN, ADMIN_TOKEN: ADMIN },
    // The recordings name s3.amazonaws.com, which this machine cannot reach: keep archives local.
    vars: { TARGETS, ARCHIVE_SOURCE_HOSTS: '127.0.0.1' },
  })
})

afterAll(async () => {
  worker?.stop()
  await sink?.stop()
})

async function post(channel: string) {
  const response = await fetch(`${worker.url}/hooks/${TOKEN}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: channel, url: `https://s3.amazonaws.com/svc/x/${channel}.mp4` }),
  })
  expect(response.status).toBe(200)
  return (await response.json()) as { event_id: string }
}

const arrivals = (prefix: string) => sink.requests.filter((r) => r.path.startsWith(prefix))

async function until<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 60_000
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** Reads through the operator API: cheap enough to poll, unlike a D1 query per check. */
async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${worker.url}${path}`, {
    headers: { authorization: `Bearer ${ADMIN}` },
  })
  expect(response.status).toBe(200)
  return (await response.json()) as T
}

interface Delivery {
  id: string
  status: string
  attempts: number
  last_error: string | null
}

async function delivery(eventId: string, target: string) {
  const page = await api<{ deliveries: (Delivery & { target: string })[] }>(
    `/api/deliveries?event_id=${eventId}&target=${target}`
  )
  return page.deliveries[0]
}

async function attempts(eventId: string, target: string) {
  const found = await delivery(eventId, target)
  if (!found) return []
  type Attempt = {
    attempt: number
    outcome: string
    status_code: number | null
    error: string | null
    ms: number
  }
  const detail = await api<{ delivery: { attempts_log: Attempt[] } }>(`/api/deliveries/${found.id}`)
  return detail.delivery.attempts_log
}

describe('delivery through wrangler dev', () => {
  it.concurrent(
    'retries a target that fails 500 twice, then delivers it exactly once',
    async () => {
      const { event_id } = await post('flaky-1')

      // 5 s and then 30 s (each ±20%) between the three attempts.
      await until(() => arrivals('/flaky/e2e').length >= 3, 100_000)
      await until(async () => (await delivery(event_id, 'flaky'))?.status === 'succeeded')

      expect(arrivals('/flaky/e2e')).toHaveLength(3)
      expect(new Set(arrivals('/flaky/e2e').map((r) => r.headers['webhook-id']))).toEqual(
        new Set([event_id])
      )
      expect(
        (await attempts(event_id, 'flaky')).map((a) => [a.attempt, a.outcome, a.status_code])
      ).toEqual([
        [1, 'retry', 500],
        [2, 'retry', 500],
        [3, 'succeeded', 200],
      ])
    }
  )

  it.concurrent('waits at least Retry-After before the next attempt', async () => {
    const { event_id } = await post('limited-1')

    await until(() => arrivals('/status/429').length >= 2, 30_000)

    const [first, second] = arrivals('/status/429')
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(7_000)
    expect((await attempts(event_id, 'limited'))[0]).toMatchObject({
      outcome: 'retry',
      status_code: 429,
    })
  })

  it.concurrent('aborts an attempt at the target timeout and retries it', async () => {
    const { event_id } = await post('hang-1')

    await until(() => arrivals('/hang').length >= 2, 30_000)
    await until(async () => (await attempts(event_id, 'hanging')).length >= 1)

    const [first] = await attempts(event_id, 'hanging')
    expect(first).toMatchObject({ attempt: 1, outcome: 'retry', status_code: null })
    expect(first!.error).toMatch(/^timeout/)
    expect(first!.ms).toBeGreaterThanOrEqual(900)
    expect(first!.ms).toBeLessThan(5_000)
  })

  it.concurrent('marks a 404 dead with the reason and never retries it', async () => {
    const { event_id } = await post('gone-1')

    await until(async () => (await delivery(event_id, 'missing'))?.status === 'dead')
    // The first retry would come after 5 s ± 20%: wait past it and check nothing came.
    await new Promise((resolve) => setTimeout(resolve, 7_000))

    expect(arrivals('/status/404')).toHaveLength(1)
    expect(await delivery(event_id, 'missing')).toMatchObject({
      status: 'dead',
      attempts: 1,
      last_error: 'HTTP 404',
    })
  })

  it.concurrent('never delays or repeats a healthy target while another one fails', async () => {
    const { event_id } = await post('down-1')
    const steady = () => arrivals('/slack/steady').filter((r) => r.body.includes('down-1'))

    await until(async () => (await delivery(event_id, 'steady'))?.status === 'succeeded')
    await until(() => arrivals('/status/503').length >= 2, 30_000)

    // Delivered before the failing target was retried even once, and never again after it.
    const [firstFailure, retry] = arrivals('/status/503')
    expect(steady()).toHaveLength(1)
    expect(steady()[0]!.at).toBeLessThan(retry!.at)
    expect(retry!.at - firstFailure!.at).toBeGreaterThanOrEqual(4_000)
    expect(await delivery(event_id, 'steady')).toMatchObject({ attempts: 1 })
    expect(await delivery(event_id, 'down')).toMatchObject({ status: 'failed', attempts: 2 })
  })
})
