import { createExecutionContext, createScheduledController } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, inject, it } from 'vitest'
import worker from '../../src/index'
import { newId } from '../../src/store/ids'

const sink = inject('sinkUrl')

/** Inserts an event and one delivery row in the given state, as a crash or lost message leaves it. */
async function strandedDelivery(state: { status: string; leaseUntil?: number; due?: number }) {
  const now = Date.now()
  const eventId = newId('evt', now)
  const deliveryId = newId('dlv', now)
  const channel = `ch-${crypto.randomUUID()}`
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO events (id, type, channel_id, received_at, dedup_key, data, raw_method)
       VALUES (?, 'channel.closed', ?, ?, ?, ?, 'GET')`
    ).bind(
      eventId,
      channel,
      now,
      `k-${eventId}`,
      JSON.stringify({ channel_id: channel, action: 'close' })
    ),
    env.DB.prepare(
      `INSERT INTO deliveries (id, event_id, target, kind, status, attempts, next_attempt_at,
         lease_until, created_at, updated_at) VALUES (?, ?, 'hook', 'webhook', ?, 1, ?, ?, ?, ?)`
    ).bind(deliveryId, eventId, state.status, state.due ?? now, state.leaseUntil ?? null, now, now),
  ])
  return deliveryId
}

const status = (id: string) =>
  env.DB.prepare('SELECT status, attempts FROM deliveries WHERE id = ?').bind(id).first()

describe('cron sweep without a queue', () => {
  it('runs a delivery whose attempt crashed once its lease has expired', async () => {
    const key = crypto.randomUUID()
    const id = await strandedDelivery({ status: 'delivering', leaseUntil: Date.now() - 1 })
    const testEnv = {
      ...env,
      DELIVERIES: undefined,
      TARGETS: [{ name: 'hook', type: 'webhook', url: `${sink}/ok/${key}` }],
    }

    await worker.scheduled(createScheduledController(), testEnv, createExecutionContext())

    expect(await status(id)).toEqual({ status: 'succeeded', attempts: 2 })
  })

  it('leaves a delivery alone while another run holds its lease', async () => {
    const id = await strandedDelivery({ status: 'delivering', leaseUntil: Date.now() + 60_000 })
    const testEnv = { ...env, DELIVERIES: undefined, TARGETS: [] }

    await worker.scheduled(createScheduledController(), testEnv, createExecutionContext())

    expect(await status(id)).toEqual({ status: 'delivering', attempts: 1 })
  })

  it('does not run a failed delivery before its next attempt is due', async () => {
    const id = await strandedDelivery({ status: 'failed', due: Date.now() + 60_000 })
    const testEnv = { ...env, DELIVERIES: undefined, TARGETS: [] }

    await worker.scheduled(createScheduledController(), testEnv, createExecutionContext())

    expect(await status(id)).toEqual({ status: 'failed', attempts: 1 })
  })
})
