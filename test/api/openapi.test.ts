import { describe, expect, it } from 'vitest'
import { app } from '../../src/app'
import { apiGet } from './helpers'

type Document = {
  openapi: string
  paths: Record<string, Record<string, { security?: unknown; responses: object }>>
  security: unknown
}

/** Every /api route the worker actually serves, as OpenAPI `METHOD /path/{param}`. */
function servedRoutes(): string[] {
  const routes = app.routes
    .filter((route) => route.path.startsWith('/api/') && route.method !== 'ALL')
    .map((route) => `${route.method} ${route.path.replace(/:([^/]+)/g, '{$1}')}`)
  return [...new Set(routes)].sort()
}

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document behind the bearer token', async () => {
    const { status, body } = await apiGet<Document>('/api/openapi.json')
    expect(status).toBe(200)
    expect(body.openapi).toBe('3.1.0')
    expect(body.security).toEqual([{ bearer: [] }])
  })

  it('lists every /api route the worker serves, and nothing else', async () => {
    const { body } = await apiGet<Document>('/api/openapi.json')
    const documented = Object.entries(body.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`)
      )
      .sort()
    const served = servedRoutes().filter((route) => route !== 'GET /api/openapi.json')
    expect(documented).toEqual(served)
    expect(documented).toEqual(
      expect.arrayContaining([
        'GET /api/recordings',
        'GET /api/recordings/{id}',
        'GET /api/channels',
        'GET /api/channels/{id}',
        'GET /api/events',
        'GET /api/events/{id}',
        'POST /api/events/{id}/replay',
        'GET /api/deliveries',
        'GET /api/deliveries/{id}',
        'POST /api/deliveries/{id}/retry',
        'GET /api/quarantine',
        'GET /api/quarantine/{id}',
        'GET /api/targets',
      ])
    )
  })

  it('documents the error answers of every operation', async () => {
    const { body } = await apiGet<Document>('/api/openapi.json')
    for (const operations of Object.values(body.paths)) {
      for (const operation of Object.values(operations)) {
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '503']))
      }
    }
  })
})
