/** Reference worker: zod-parse a JSON body, one D1 insert, then 200 — the floor of "commit first". */
import { Hono } from 'hono'
import { z } from 'zod'

type Bindings = { DB: D1Database }

const Recording = z.object({ id: z.string().min(1), url: z.url() })

const app = new Hono<{ Bindings: Bindings }>()

app.get('/health', (c) => c.json({ ok: true }))

app.post('/ingest', async (c) => {
  const parsed = Recording.safeParse(await c.req.json().catch(() => null))
  if (!parsed.success) return c.json({ ok: false }, 422)
  const id = crypto.randomUUID()
  await c.env.DB.prepare(
    'INSERT INTO events (id, channel_id, url, received_at) VALUES (?, ?, ?, ?)'
  )
    .bind(id, parsed.data.id, parsed.data.url, Date.now())
    .run()
  return c.json({ ok: true, event_id: id, channel_id: parsed.data.id, duplicate: false })
})

/** The fetch handler. */
export default app
