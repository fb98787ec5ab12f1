import { describe, expect, it } from 'vitest'
import { allowedMethods } from '../../src/http/methods'
import { ADMIN_TOKEN } from '../api/helpers'
import { send } from '../helpers'

describe('allowedMethods', () => {
  const routes = [
    { method: 'ALL', path: '/api/*' },
    { method: 'GET', path: '/api/events' },
    { method: 'GET', path: '/api/events/:id' },
    { method: 'POST', path: '/api/events/:id/replay' },
    { method: 'GET', path: '/files/*' },
  ]

  it('lists the methods of the routes that match, with HEAD beside GET', () => {
    expect(allowedMethods(routes, '/api/events')).toEqual(['GET', 'HEAD'])
    expect(allowedMethods(routes, '/api/events/evt_1/replay')).toEqual(['POST'])
    expect(allowedMethods(routes, '/files/a/b')).toEqual(['GET', 'HEAD'])
  })

  it('matches nothing for unknown paths, empty parameters or extra segments', () => {
    expect(allowedMethods(routes, '/api/nope')).toEqual([])
    expect(allowedMethods(routes, '/api/events//replay')).toEqual([])
    expect(allowedMethods(routes, '/api/events/evt_1/replay/more')).toEqual([])
  })
})

describe('a known path with the wrong method', () => {
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` }

  it('answers 405 with Allow and the error envelope', async () => {
    const response = await send('/api/events', { method: 'DELETE', headers: auth })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET, HEAD')
    expect(await response.json()).toMatchObject({
      ok: false,
      error: { code: 'method_not_allowed' },
    })
  })

  it('still answers 404 for a path nobody serves', async () => {
    const response = await send('/api/nothing-here', { method: 'DELETE', headers: auth })
    expect(response.status).toBe(404)
    const other = await send('/no/such/page', { method: 'POST' })
    expect(other.status).toBe(404)
  })
})
