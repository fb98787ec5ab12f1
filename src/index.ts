/** Worker entry: wires the fetch, queue and scheduled handlers; the work lives in the stages. */
import { app } from './app'
import { retentionDays } from './config'
import { consumeDeadLetters, consumeDeliveries } from './deliver/consumer'
import { sweep } from './deliver/sweep'
import type { DeliveryMessage, Env } from './env'
import { log } from './http/log'
import { applyRetention } from './store/retention'

export default {
  fetch: app.fetch,

  async queue(batch, env, _ctx) {
    if (batch.queue.endsWith('-dlq')) return consumeDeadLetters(batch, env)
    return consumeDeliveries(batch, env)
  },

  async scheduled(controller, env, _ctx) {
    await sweep(env, controller.scheduledTime)
    // Retention is cheap but needs no minute precision: once an hour is enough.
    if (new Date(controller.scheduledTime).getUTCMinutes() === 0) {
      const report = await applyRetention(env.DB, retentionDays(env), controller.scheduledTime)
      log.info({ msg: 'retention.applied', ...report })
    }
  },
} satisfies ExportedHandler<Env, DeliveryMessage>
