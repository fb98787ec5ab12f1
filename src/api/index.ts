/** The operator API: every `/api` route and the OpenAPI 3.1 document generated from them. */
import { documentArchiveFile } from './archive-file'
import { channels } from './channels'
import { deliveries } from './deliveries'
import { events } from './events'
import { quarantine } from './quarantine'
import { recordings } from './recordings'
import { apiOnError, newRouter } from './router'
import { targets } from './targets'

export { requireAdmin } from './auth'

/**
 * The API app. Its routes carry their full `/api/...` paths so the document lists them as
 * clients call them; mount it at `/` after `requireAdmin` guards `/api/*`.
 */
export const api = newRouter()

api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
  type: 'http',
  scheme: 'bearer',
  description: 'The ADMIN_TOKEN secret.',
})

for (const router of [recordings, channels, events, deliveries, quarantine, targets]) {
  api.route('/', router)
}
documentArchiveFile(api)

api.doc31('/api/openapi.json', (c) => ({
  openapi: '3.1.0',
  info: {
    title: 'livecast-relay operator API',
    version: '1.0.0',
    description:
      'Recordings, channels, events and deliveries received from RemoteMonster Livecast, and the actions that replay them.',
  },
  servers: [{ url: new URL(c.req.url).origin }],
  security: [{ bearer: [] }],
}))

api.onError(apiOnError)
