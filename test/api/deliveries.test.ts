import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { allIds, apiGet, apiPost } from './helpers'
import { seedDelivery, seedEvent, unique } from './seed'

const T0 = Date.UTC(2003, 2, 1)

async function eventWithDeliveries(statuses: string[]) {
  const eventId = await seedEvent({ channelId: unique('dlv'), receivedAt: T0 })
  const ids = []
  for (const [i, status] of statuses.entries()) {
    ids.push(await seedDelivery({ eventId, status, createdAt: T0 + i }))
  }
  return { eventId, ids }
}

describe('GET /api/deliveries', () => {
  it('filters by status and event', async () => {
    const { eventId, ids } = await eventWithDeliveries(['failed', 'dead', 'succeeded', 'failed'])
    const failed = await apiGet(`/api/deliveries?event_id=${eventId}&status=failed`)
    expect(failed.status).toBe(200)
    expect(failed.body.deliveries.map((d: { id: string }) => d.id)).toEqual([ids[3], ids[0]])
    expect(failed.body.deliveries[0]).toMatchObject({
      status: 'failed',
      attempts: 3,
      last_status_code: 404,
      last_error: 'HTTP 404',
      next_attempt_at: new Date(T0 + 3 + 60_000).toISOString(),
      completed_at: null,
    })
    const dead = await apiGet(`/api/deliveries?event_id=${eventId}&status=dead`)
    expect(dead.body.deliveries.map((d: { id: string }) => d.id)).toEqual([ids[1]])
    // Only pending and failed deliveries are waiting for a next attempt.
    expect(dead.body.deliveries[0].next_attempt_at).toBeNull()
  })

  it('filters by target', async () => {
    const eventId = await seedEvent({ channelId: unique('dlv-t'), receivedAt: T0 })
    const target = unique('tgt')
    const id = await seedDelivery({ eventId, status: 'pending', target })
    await seedDelivery({ eventId, status: 'pending', target: 'other' })
    const { body } = await apiGet(`/api/deliveries?target=${target}`)
    expect(body.deliveries.map((d: { id: string }) => d.id)).toEqual([id])
  })

  it('pages without gaps or repeats', async () => {
    const { eventId, ids } = await eventWithDeliveries(Array(31).fill('dead'))
    const paged = await allIds(`/api/deliveries?event_id=${eventId}`, 'deliveries', 6)
    expect(paged).toEqual([...ids].reverse())
  })

  it('answers 400 for an unknown status', async () => {
    const { status, body } = await apiGet('/api/deliveries?status=lost')
    expect(status).toBe(400)
    expect(body.error.issues[0].field).toBe('status')
  })
})

describe('GET /api/deliveries/{id}', () => {
  it('returns the delivery with every attempt, oldest first', async () => {
    const { ids } = await eventWithDeliveries(['failed'])
    const insert = `INSERT INTO attempts (delivery_id, attempt, started_at, ms, outcome, status_code,
      error, response_excerpt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
    await env.DB.batch([
      env.DB.prepare(insert).bind(ids[0], 2, T0 + 5000, 80, 'retry', 503, 'HTTP 503', 'busy'),
      env.DB.prepare(insert).bind(ids[0], 1, T0, 120, 'retry', null, 'timeout', null),
    ])
    const { status, body } = await apiGet(`/api/deliveries/${ids[0]}`)
    expect(status).toBe(200)
    expect(body.delivery.attempts_log).toEqual([
      {
        attempt: 1,
        started_at: new Date(T0).toISOString(),
        ms: 120,
        outcome: 'retry',
        status_code: null,
        error: 'timeout',
        response_excerpt: null,
      },
      {
        attempt: 2,
        started_at: new Date(T0 + 5000).toISOString(),
        ms: 80,
        outcome: 'retry',
        status_code: 503,
        error: 'HTTP 503',
        response_excerpt: 'busy',
      },
    ])
  })

  it('answers 404 for an unknown id', async () => {
    expect((await apiGet('/api/deliveries/dlv_nope')).status).toBe(404)
  })
})

describe('POST /api/deliveries/{id}/retry', () => {
  it('puts a dead delivery back to pending with a fresh attempt budget', async () => {
    const { ids } = await eventWithDeliveries(['dead'])
    const before = Date.now()
    const { status, body } = await apiPost(`/api/deliveries/${ids[0]}/retry`)
    expect(status).toBe(202)
    expect(body.delivery).toMatchObject({ id: ids[0], status: 'pending', attempts: 0 })
    expect(Date.parse(body.delivery.next_attempt_at)).toBeGreaterThanOrEqual(before)
    const row = await env.DB.prepare('SELECT attempts, completed_at FROM deliveries WHERE id = ?')
      .bind(ids[0])
      .first()
    // The seeded target is not configured, so the consumer may already have run it again.
    expect(row).toMatchObject({ completed_at: null })
  })

  it('answers 409 while an attempt holds the lease', async () => {
    const eventId = await seedEvent({ channelId: unique('dlv-lease'), receivedAt: T0 })
    const id = await seedDelivery({
      eventId,
      status: 'delivering',
      leaseUntil: Date.now() + 60_000,
    })
    const { status, body } = await apiPost(`/api/deliveries/${id}/retry`)
    expect(status).toBe(409)
    expect(body.error.code).toBe('delivery_running')
    const row = await env.DB.prepare('SELECT status FROM deliveries WHERE id = ?').bind(id).first()
    expect(row).toEqual({ status: 'delivering' })
  })

  it('answers 404 for an unknown id', async () => {
    expect((await apiPost('/api/deliveries/dlv_nope/retry')).status).toBe(404)
  })
})
