import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, inject, it } from 'vitest'
import worker from '../../src/index'
import { storeEvent } from '../../src/store/events'
import { newId } from '../../src/store/ids'
import { dedupClaim } from '../../src/ingest/dedup'
import type { LivecastEvent } from '../../src/ingest/event'

const sink = inject('sinkUrl')

/** Stores a channel event with one delivery per named target, bypassing the queue. */
async function eventWithDeliveries(targets: { name: string; kind: string }[]) {
  const channel = `ch-${crypto.randomUUID()}`
  const event: LivecastEvent = {
    type: 'channel.closed',
    channel_id: channel,
    data: { channel_id: channel, action: 'close' },
  }
  const now = Date.now()
  const id = newId('evt', now)
  const deliveries = targets.map(({ name, kind }) => ({ id: newId('dlv'), target: name, kind }))
  const raw = { method: 'GET', contentType: null, body: '', query: {} }
  await storeEvent(env.DB, {
    id,
    event,
    warnings: [],
    raw,
    receivedAt: now,
    dedup: dedupClaim(event, now, 600),
    deliveries,
  })
  return { id, channel, deliveries }
}

const targets = (key: string) => [
  { name: 'good-a', type: 'webhook', url: `${sink}/ok/${key}/a` },
  { name: 'good-b', type: 'slack', url: `${sink}/slack/${key}/b` },
  { name: 'broken', type: 'webhook', url: `${sink}/status/503` },
]

async function received(prefix: string) {
  const response = await fetch(`${sink}/_requests?prefix=${encodeURIComponent(prefix)}`)
  return response.json<{ path: string; headers: Record<string, string>; body: string }[]>()
}

describe('queue consumer', () => {
  it('acks the delivered messages and retries only the failing one', async () => {
    const key = crypto.randomUUID()
    const { deliveries } = await eventWithDeliveries([
      { name: 'good-a', kind: 'webhook' },
      { name: 'good-b', kind: 'slack' },
      { name: 'broken', kind: 'webhook' },
    ])
    const batch = createMessageBatch(
      'livecast-relay-deliveries',
      deliveries.map((delivery) => ({
        id: `msg-${delivery.target}`,
        timestamp: new Date(),
        attempts: 1,
        body: { delivery_id: delivery.id },
      }))
    )
    const ctx = createExecutionContext()

    await worker.queue(batch, { ...env, TARGETS: targets(key) }, ctx)
    const result = await getQueueResult(batch, ctx)

    expect(result.explicitAcks.sort()).toEqual(['msg-good-a', 'msg-good-b'])
    expect(result.retryMessages).toHaveLength(1)
    expect(result.retryMessages[0]!.msgId).toBe('msg-broken')
    expect(await received(`/ok/${key}/a`)).toHaveLength(1)
    expect(await received(`/slack/${key}/b`)).toHaveLength(1)

    const broken = deliveries.find((d) => d.target === 'broken')!
    const due = await env.DB.prepare(
      'SELECT next_attempt_at - updated_at AS wait FROM deliveries WHERE id = ?'
    )
      .bind(broken.id)
      .first<{ wait: number }>()
    expect(due!.wait).toBeGreaterThanOrEqual(4_000)
    expect(due!.wait).toBeLessThanOrEqual(6_000)

    const rows = await env.DB.prepare(
      `SELECT target, status, attempts, last_status_code FROM deliveries
       WHERE id IN (?, ?, ?) ORDER BY target`
    )
      .bind(...deliveries.map((d) => d.id))
      .all()
    expect(rows.results).toEqual([
      { target: 'broken', status: 'failed', attempts: 1, last_status_code: 503 },
      { target: 'good-a', status: 'succeeded', attempts: 1, last_status_code: 200 },
      { target: 'good-b', status: 'succeeded', attempts: 1, last_status_code: 200 },
    ])
  })

  it('acks a message whose delivery already succeeded without sending again', async () => {
    const key = crypto.randomUUID()
    const { deliveries } = await eventWithDeliveries([{ name: 'good-a', kind: 'webhook' }])
    const message = {
      id: 'm1',
      timestamp: new Date(),
      attempts: 1,
      body: { delivery_id: deliveries[0]!.id },
    }
    const testEnv = { ...env, TARGETS: targets(key) }

    for (let i = 0; i < 2; i++) {
      const batch = createMessageBatch('livecast-relay-deliveries', [message])
      const ctx = createExecutionContext()
      await worker.queue(batch, testEnv, ctx)
      expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(['m1'])
    }
    expect(await received(`/ok/${key}/a`)).toHaveLength(1)
  })

  it('claims a whole batch at once: runs each due delivery once, defers the rest', async () => {
    const key = crypto.randomUUID()
    const stored = await Promise.all(
      Array.from({ length: 8 }, () => eventWithDeliveries([{ name: 'good-a', kind: 'webhook' }]))
    )
    const due = stored.map(({ deliveries }) => deliveries[0]!.id)
    const [notDue] = (await eventWithDeliveries([{ name: 'good-a', kind: 'webhook' }])).deliveries
    const inOneMinute = Date.now() + 60_000
    await env.DB.prepare('UPDATE deliveries SET next_attempt_at = ? WHERE id = ?')
      .bind(inOneMinute, notDue!.id)
      .run()
    const ids = [...due, due[0]!, notDue!.id, 'dlv_unknown']
    const batch = createMessageBatch(
      'livecast-relay-deliveries',
      ids.map((id, i) => ({
        id: `m${i}`,
        timestamp: new Date(),
        attempts: 1,
        body: { delivery_id: id },
      }))
    )
    const ctx = createExecutionContext()

    await worker.queue(batch, { ...env, TARGETS: targets(key) }, ctx)
    const result = await getQueueResult(batch, ctx)

    // The repeated id and the unknown one are acked; the one not yet due comes back later.
    expect(result.explicitAcks.sort()).toEqual(
      ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm10'].sort()
    )
    expect(result.retryMessages).toHaveLength(1)
    expect(result.retryMessages[0]!.msgId).toBe('m9')
    expect(await received(`/ok/${key}/a`)).toHaveLength(8)

    const rows = await env.DB.prepare(
      `SELECT status, attempts, count(*) AS n FROM deliveries
       WHERE id IN (SELECT value FROM json_each(?)) GROUP BY status, attempts ORDER BY status`
    )
      .bind(JSON.stringify([...due, notDue!.id]))
      .all()
    expect(rows.results).toEqual([
      { status: 'pending', attempts: 0, n: 1 },
      { status: 'succeeded', attempts: 1, n: 8 },
    ])
  })

  it('marks what lands on the dead-letter queue dead, unless it already succeeded', async () => {
    const { deliveries } = await eventWithDeliveries([{ name: 'broken', kind: 'webhook' }])
    const batch = createMessageBatch('livecast-relay-deliveries-dlq', [
      { id: 'd1', timestamp: new Date(), attempts: 21, body: { delivery_id: deliveries[0]!.id } },
    ])
    const ctx = createExecutionContext()

    await worker.queue(batch, env, ctx)

    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(['d1'])
    const row = await env.DB.prepare('SELECT status, last_error FROM deliveries WHERE id = ?')
      .bind(deliveries[0]!.id)
      .first()
    expect(row).toEqual({
      status: 'dead',
      last_error: 'dead-lettered: the queue gave up on this delivery',
    })
  })

  it('retries a message when D1 is unreachable instead of failing the batch', async () => {
    const broken = {
      prepare() {
        throw new Error('D1 is down')
      },
    } as unknown as D1Database
    const batch = createMessageBatch('livecast-relay-deliveries', [
      { id: 'x1', timestamp: new Date(), attempts: 1, body: { delivery_id: 'dlv_missing' } },
    ])
    const ctx = createExecutionContext()

    await worker.queue(batch, { ...env, DB: broken }, ctx)

    const result = await getQueueResult(batch, ctx)
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(['x1'])
    expect(result.explicitAcks).toEqual([])
  })
})
