import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import handler from '../../src/index'
import { send } from '../helpers'

const ROUTES = [
  ['GET', '/api/recordings'],
  ['GET', '/api/recordings/rec_x'],
  ['GET', '/api/channels'],
  ['GET', '/api/channels/ch-x'],
  ['GET', '/api/events'],
  ['GET', '/api/events/evt_x'],
  ['POST', '/api/events/evt_x/replay'],
  ['GET', '/api/deliveries'],
  ['GET', '/api/deliveries/dlv_x'],
  ['POST', '/api/deliveries/dlv_x/retry'],
  ['GET', '/api/quarantine'],
  ['GET', '/api/quarantine/qtn_x'],
  ['GET', '/api/targets'],
  ['GET', '/api/openapi.json'],
] as const

describe('operator API authentication', () => {
  for (const [method, path] of ROUTES) {
    it(`${method} ${path} refuses a request without a token`, async () => {
      const response = await send(path, { method })
      expect(response.status).toBe(401)
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="livecast-relay"')
      const body = await response.json()
      expect(body).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    })

    it(`${method} ${path} refuses a wrong token`, async () => {
      const headers = { authorization: 'Bearer test-admin-tokeN' }
      const response = await send(path, { method, headers })
      expect(response.status).toBe(401)
      expect(await response.json()).toMatchObject({
        error: { code: 'unauthorized', message: 'The bearer token is not the admin token.' },
      })
    })

    it(`${method} ${path} accepts the admin token`, async () => {
      const headers = { authorization: 'Bearer test-admin-token' }
      const response = await send(path, { method, headers })
      // Unknown ids answer 404 from the route itself, which proves auth let the request through.
      expect([200, 404]).toContain(response.status)
      const body = await response.json<{
        ok?: boolean
        openapi?: string
        error?: { code: string }
      }>()
      if (response.status === 404) expect(body.error?.code).toBe('not_found')
      else if (path === '/api/openapi.json') expect(body.openapi).toBe('3.1.0')
      else expect(body.ok).toBe(true)
    })

    it(`${method} ${path} answers 503 with a hint when ADMIN_TOKEN is unset`, async () => {
      const request = new Request(`http://relay.test${path}`, {
        method,
        headers: { authorization: 'Bearer test-admin-token' },
      })
      const ctx = createExecutionContext()
      const response = await handler.fetch(request, { ...env, ADMIN_TOKEN: undefined }, ctx)
      await waitOnExecutionContext(ctx)
      expect(response.status).toBe(503)
      const body = await response.json<{ error: { code: string; message: string } }>()
      expect(body.error.code).toBe('not_configured')
      expect(body.error.message).toContain('wrangler secret put ADMIN_TOKEN')
    })
  }

  it('accepts the scheme name in any case', async () => {
    const headers = { authorization: 'bearer test-admin-token' }
    expect((await send('/api/targets', { headers })).status).toBe(200)
  })

  it('refuses HTTP Basic on the API', async () => {
    const headers = { authorization: `Basic ${btoa(':test-admin-token')}` }
    expect((await send('/api/targets', { headers })).status).toBe(401)
  })
})
