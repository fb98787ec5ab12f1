/** Reference worker: a bare Hono `/health`, the floor for any request through workerd. */
import { Hono } from 'hono'

const app = new Hono()
app.get('/health', (c) => c.json({ ok: true }))

/** The fetch handler. */
export default app
