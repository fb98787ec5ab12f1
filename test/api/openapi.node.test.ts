// Runs in Node (the validator reads its JSON Schemas from disk): validates the document the
// worker serves under wrangler dev against the official OpenAPI 3.1 schema.
import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWorker, type LocalWorker } from '../../scripts/lib/local-worker.mjs'

const ADMIN_TOKEN = 'node-admin-token'
let worker: LocalWorker

beforeAll(async () => {
  worker = await startWorker({ secrets: { INGEST_TOKEN: 'node-ingest-token', ADMIN_TOKEN } })
})
afterAll(() => worker?.stop())

describe('the OpenAPI document', () => {
  it('validates as OpenAPI 3.1 with a JSON Schema validator', async () => {
    const response = await fetch(`${worker.url}/api/openapi.json`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    })
    expect(response.status).toBe(200)
    const document = (await response.json()) as Record<string, unknown>

    const validator = new Validator()
    const result = await validator.validate(document)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
  })

  it('fails the validator when the document is broken, so the check above can fail', async () => {
    const broken = { openapi: '3.1.0', info: { title: 'x' }, paths: { 'no-slash': {} } }
    const result = await new Validator().validate(broken)
    expect(result.valid).toBe(false)
  })
})
