/** Worker entry: wires the fetch handler; queue and cron handlers join as they are built. */
import { app } from './app'
import type { Env } from './env'

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>
