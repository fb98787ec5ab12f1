/**
 * Reference worker: zod-parse a JSON body, one D1 insert, then 200 — the floor of "commit
 * first". `/ingest-enqueue` also sends one queue message after answering, as ingest does.
 */
import { Hono, type Context } from 'hono'
import { z } from 'zod'

type Bindings = { DB: D1Database; QUEUE: Queue<{ id: string }> }

const Recording = z.object({ id: z.string().min(1), url: z.url() })

const app = new Hono<{ Bindings: Bindings }>()

app.get('/health', (c) => c.json({ ok: true }))

async function insertOne(c: Context<{ Bindings: Bindings }>) {
  const parsed = Recording.safeParse(await c.req.json().catch(() => null))
  if (!parsed.success) return null
  const id = crypto.randomUUID()
  await c.env.DB.prepare(
    'INSERT INTO events (id, channel_id, url, received_at) VALUES (?, ?, ?, ?)'
  )
    .bind(id, parsed.data.id, parsed.data.url, Date.now())
    .run()
  return { ok: true, event_id: id, channel_id: parsed.data.id, duplicate: false }
}

app.post('/ingest', async (c) => {
  const stored = await insertOne(c)
  return stored ? c.json(stored) : c.json({ ok: false }, 422)
})

app.post('/ingest-enqueue', async (c) => {
  const stored = await insertOne(c)
  if (!stored) return c.json({ ok: false }, 422)
  c.executionCtx.waitUntil(c.env.QUEUE.send({ id: stored.event_id }))
  return c.json(stored)
})

/** The fetch handler, and a queue consumer that only acknowledges. */
export default {
  fetch: app.fetch,
  queue(batch: MessageBatch) {
    batch.ackAll()
  },
}
