import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { Webhook } from 'standardwebhooks'
import { describe, expect, inject, it } from 'vitest'
import type { DeliveryMessage } from '../../src/env'
import { enqueueShared } from '../../src/deliver/outbox'
import worker from '../../src/index'
import { HOOK, recording } from '../helpers'
import { linkSignatureValid } from '../../src/archive/link'

const sink = inject('sinkUrl')
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

async function received(prefix: string) {
  const response = await fetch(`${sink}/_requests?prefix=${encodeURIComponent(prefix)}`)
  return response.json<{ headers: Record<string, string>; body: string; at: number }[]>()
}

async function ingest(testEnv: typeof env, body: object) {
  const ctx = createExecutionContext()
  const request = new Request(HOOK, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const response = await worker.fetch(request, testEnv, ctx)
  await waitOnExecutionContext(ctx)
  return response.json<{ event_id: string }>()
}

function deliveriesOf(eventId: string) {
  return env.DB.prepare('SELECT id, target, status, attempts FROM deliveries WHERE event_id = ?')
    .bind(eventId)
    .all<{ id: string; target: string; status: string; attempts: number }>()
}

describe('shared queue send', () => {
  it('sends the deliveries of concurrent events in one sendBatch, at most 100 at a time', async () => {
    const calls: string[][] = []
    const queue = {
      sendBatch: async (messages: { body: DeliveryMessage }[]) => {
        calls.push(messages.map((m) => m.body.delivery_id))
      },
    } as unknown as Queue<DeliveryMessage>
    const sendEnv = { ...env, DELIVERIES: queue }
    const ids = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}` }))

    await Promise.all([
      enqueueShared(sendEnv, ids('a', 3)),
      enqueueShared(sendEnv, ids('b', 2)),
      enqueueShared(sendEnv, ids('c', 96)),
    ])

    // a and b share a send; c would pass 100, so it opens the next one.
    expect(calls.map((call) => call.length)).toEqual([5, 96])
    expect(calls[0]).toEqual(['a0', 'a1', 'a2', 'b0', 'b1'])
  })

  it('never mixes the deliveries of different queue bindings', async () => {
    const seen = new Map<string, string[]>()
    const queueNamed = (name: string) =>
      ({
        sendBatch: async (messages: { body: DeliveryMessage }[]) => {
          seen.set(
            name,
            messages.map((m) => m.body.delivery_id)
          )
        },
      }) as unknown as Queue<DeliveryMessage>
    await Promise.all([
      enqueueShared({ ...env, DELIVERIES: queueNamed('one') }, [{ id: 'x' }]),
      enqueueShared({ ...env, DELIVERIES: queueNamed('two') }, [{ id: 'y' }]),
    ])
    expect(Object.fromEntries(seen)).toEqual({ one: ['x'], two: ['y'] })
  })
})

describe('outbox', () => {
  it('delivers through the sweep when the queue refuses the send', async () => {
    const key = crypto.randomUUID()
    const TARGETS = [{ name: 'internal', type: 'webhook', url: `${sink}/ok/${key}` }]
    const refusing = {
      send: () => Promise.reject(new Error('queue unavailable')),
      sendBatch: () => Promise.reject(new Error('queue unavailable')),
    } as unknown as Queue<DeliveryMessage>
    const sent: DeliveryMessage[] = []
    const capturing = {
      sendBatch: async (messages: { body: DeliveryMessage }[]) => {
        sent.push(...messages.map((m) => m.body))
      },
    } as unknown as Queue<DeliveryMessage>

    const { event_id } = await ingest(
      { ...env, TARGETS, DELIVERIES: refusing, ARCHIVE: undefined },
      recording()
    )
    expect((await deliveriesOf(event_id)).results).toMatchObject([
      { status: 'pending', attempts: 0 },
    ])
    expect(await received(`/ok/${key}`)).toHaveLength(0)

    const sweepEnv = { ...env, TARGETS, DELIVERIES: capturing, ARCHIVE: undefined }
    const later = createScheduledController({ scheduledTime: Date.now() + 31_000 })
    await worker.scheduled(later, sweepEnv, createExecutionContext())
    const [delivery] = (await deliveriesOf(event_id)).results
    expect(sent.map((m) => m.delivery_id)).toContain(delivery!.id)

    const batch = createMessageBatch('livecast-relay-deliveries', [
      { id: 'm1', timestamp: new Date(), attempts: 1, body: { delivery_id: delivery!.id } },
    ])
    await worker.queue(batch, sweepEnv, createExecutionContext())
    expect(await received(`/ok/${key}`)).toHaveLength(1)
    expect((await deliveriesOf(event_id)).results).toMatchObject([
      { status: 'succeeded', attempts: 1 },
    ])
  })

  it('runs deliveries right after ingest when no queue is bound', async () => {
    const key = crypto.randomUUID()
    const TARGETS = [{ name: 'chat', type: 'slack', url: `${sink}/slack/${key}` }]

    const { event_id } = await ingest(
      { ...env, TARGETS, DELIVERIES: undefined, ARCHIVE: undefined },
      recording()
    )

    expect(await received(`/slack/${key}`)).toHaveLength(1)
    expect((await deliveriesOf(event_id)).results).toMatchObject([
      { target: 'chat', status: 'succeeded' },
    ])
  })

  it('signs webhook envelopes so the standardwebhooks verifier accepts them', async () => {
    const key = crypto.randomUUID()
    const TARGETS = [
      {
        name: 'media',
        type: 'webhook',
        url: `${sink}/ok/${key}`,
        signing_secret: 'MEDIA_SIGNING_SECRET',
        headers: { 'X-Team': 'video' },
      },
    ]
    const testEnv = {
      ...env,
      TARGETS,
      MEDIA_SIGNING_SECRET: SECRET,
      DELIVERIES: undefined,
      ARCHIVE: undefined,
    }

    const { event_id } = await ingest(testEnv, recording('studio-b', { filesize: '100' }))

    const [request] = await received(`/ok/${key}`)
    expect(request!.headers['webhook-id']).toBe(event_id)
    expect(request!.headers['x-team']).toBe('video')
    const payload = new Webhook(SECRET).verify(request!.body, request!.headers) as Record<
      string,
      unknown
    >
    expect(payload).toMatchObject({
      id: event_id,
      type: 'recording.completed',
      channel_id: 'studio-b',
      data: { channel_id: 'studio-b', filesize: 100, duration: null, thumbnail: null },
      raw: { method: 'POST', content_type: 'application/json' },
    })
  })

  it('fails a target whose secret is not set with the exact hint, and delivers the others', async () => {
    const key = crypto.randomUUID()
    const TARGETS = [
      { name: 'unset', type: 'slack', url_secret: 'SLACK_UNSET_URL' },
      { name: 'fine', type: 'webhook', url: `${sink}/ok/${key}` },
    ]

    const { event_id } = await ingest(
      { ...env, TARGETS, DELIVERIES: undefined, ARCHIVE: undefined },
      recording()
    )

    const rows = await env.DB.prepare(
      'SELECT target, status, last_error FROM deliveries WHERE event_id = ? ORDER BY target'
    )
      .bind(event_id)
      .all()
    expect(rows.results).toEqual([
      { target: 'fine', status: 'succeeded', last_error: null },
      {
        target: 'unset',
        status: 'failed',
        last_error: 'secret SLACK_UNSET_URL is not set: run `wrangler secret put SLACK_UNSET_URL`',
      },
    ])
  })

  it('links Slack to the archived copy with a signed link when PUBLIC_BASE_URL is set', async () => {
    const key = crypto.randomUUID()
    const TARGETS = [{ name: 'chat', type: 'slack', url: `${sink}/slack/${key}` }]
    const testEnv = {
      ...env,
      TARGETS,
      DELIVERIES: undefined,
      PUBLIC_BASE_URL: 'https://relay.example.com',
    }

    const { event_id } = await ingest(testEnv, recording())

    const [request] = await received(`/slack/${key}`)
    const recordingId = event_id.replace('evt_', 'rec_')
    const link = new RegExp(
      `<https://relay\\.example\\.com/files/${recordingId}\\?sig=([\\w-]+)\\|Archived copy>`
    )
    const sig = link.exec(request!.body)?.[1]
    expect(sig).toBeDefined()
    expect(await linkSignatureValid(testEnv, recordingId, sig!)).toBe(true)
  })
})
