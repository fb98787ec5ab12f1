/** The Hono app: every HTTP route and the one error envelope. */
import { Hono } from 'hono'
import type { AppBindings } from './env'
import { health } from './health/route'
import { onError, onNotFound } from './http/errors'
import { hooks } from './ingest/route'

/** The whole HTTP surface of the worker. */
export const app = new Hono<AppBindings>()
app.route('/hooks', hooks)
app.route('/health', health)
app.notFound(onNotFound)
app.onError(onError)
