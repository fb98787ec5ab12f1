import { describe, expect, it } from 'vitest'
import { postJson, send, TOKEN } from '../helpers'
import { allIds, apiGet } from './helpers'
import { unique } from './seed'

describe('GET /api/quarantine', () => {
  it('lists a refused request with its reason, and the body on the single-record route', async () => {
    const since = new Date().toISOString()
    const sent = { id: unique('refused'), note: 'no url here' }
    expect((await postJson(sent)).status).toBe(422)

    const { status, body } = await apiGet(`/api/quarantine?since=${since}`)
    expect(status).toBe(200)
    expect(body.quarantine).toHaveLength(1)
    const rawBody = JSON.stringify(sent)
    expect(body.quarantine[0]).toMatchObject({
      status: 422,
      code: 'invalid_event',
      raw: { method: 'POST', content_type: 'application/json', body_bytes: rawBody.length },
    })
    expect(body.quarantine[0].raw.body).toBeUndefined()

    const detail = await apiGet(`/api/quarantine/${body.quarantine[0].id}`)
    expect(detail.status).toBe(200)
    expect(detail.body.quarantined.raw.body).toBe(rawBody)
    expect(detail.body.quarantined.issues).toContainEqual({
      field: 'url',
      message: expect.any(String),
    })
  })

  it('pages without gaps or repeats and filters by time', async () => {
    const since = new Date().toISOString()
    for (let i = 0; i < 9; i++) await send(`/hooks/${TOKEN}?action=reopen&chid=${unique('q')}`)
    const until = new Date(Date.now() + 1).toISOString()
    const ids = await allIds(`/api/quarantine?since=${since}&until=${until}`, 'quarantine', 2)
    expect(ids).toHaveLength(9)
    expect(new Set(ids).size).toBe(9)
  })

  it('answers 404 for an unknown id', async () => {
    expect((await apiGet('/api/quarantine/qtn_nope')).status).toBe(404)
  })
})
