import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { describe, expect, it } from 'vitest'
import { AppError, onError } from '../../src/http/errors'

function appThrowing(err: Error) {
  const app = new Hono()
  app.get('/', () => {
    throw err
  })
  app.onError(onError)
  return app
}

describe('onError', () => {
  it('answers a typed error with its status, code, issues and headers', async () => {
    const error = new AppError(405, 'method_not_allowed', 'DELETE is not accepted here.', [], {
      Allow: 'GET',
    })
    const response = await appThrowing(error).request('/')

    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET')
    expect(await response.json()).toEqual({
      ok: false,
      error: { code: 'method_not_allowed', message: 'DELETE is not accepted here.', issues: [] },
    })
  })

  it("keeps a client error thrown by Hono's own middleware a 4xx", async () => {
    const response = await appThrowing(new HTTPException(403, { message: 'Forbidden' })).request(
      '/'
    )

    expect(response.status).toBe(403)
    expect(await response.json()).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'Forbidden', issues: [] },
    })
  })

  it('answers anything unexpected with a generic 500 that reveals nothing', async () => {
    const response = await appThrowing(new Error('secret detail')).request('/')

    expect(response.status).toBe(500)
    const text = await response.text()
    expect(text).not.toContain('secret detail')
    expect(JSON.parse(text).error.code).toBe('internal')
  })
})
