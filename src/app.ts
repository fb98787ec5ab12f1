/** The Hono app: every HTTP route and the one error envelope. */
import { Hono } from 'hono'
import { api, requireAdmin } from './api'
import { recordingFile, signedFile } from './archive/route'
import { dashboard } from './dashboard'
import type { AppBindings } from './env'
import { health } from './health/route'
import { onError, onNotFound, onWrongMethod } from './http/errors'
import { allowedMethods } from './http/methods'
import { hooks } from './ingest/route'

/** The whole HTTP surface of the worker. */
export const app = new Hono<AppBindings>()
// Guards every /api route, including ones mounted by other modules.
app.use('/api/*', requireAdmin)
app.route('/hooks', hooks)
app.route('/health', health)
// Before the /api router, which leaves this one path to the archive.
app.route('/api/recordings', recordingFile)
app.route('/files', signedFile)
app.route('/', api)
app.route('/dashboard', dashboard)
app.notFound((c) => {
  const allowed = allowedMethods(app.routes, c.req.path)
  return allowed.length > 0 ? onWrongMethod(c, allowed) : onNotFound(c)
})
app.onError(onError)
