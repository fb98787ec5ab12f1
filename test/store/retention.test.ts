import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { applyRetention } from '../../src/store/retention'
import { postJson, recording } from '../helpers'

const DAY = 86_400_000

describe('retention', () => {
  it('trims raw bodies and attempt details past the limit, never recordings or channels', async () => {
    const body = recording()
    const { event_id } = await (await postJson(body)).json<{ event_id: string }>()
    const old = Date.now() - 31 * DAY
    await env.DB.batch([
      env.DB.prepare('UPDATE events SET received_at = ? WHERE id = ?').bind(old, event_id),
      env.DB.prepare(
        `INSERT INTO attempts (delivery_id, attempt, started_at, ms, outcome) VALUES ('dlv_x', 1, ?, 5, 'retry')`
      ).bind(old),
    ])

    const report = await applyRetention(env.DB, 30)

    expect(report.rawBodies).toBeGreaterThanOrEqual(1)
    expect(report.attempts).toBeGreaterThanOrEqual(1)
    const event = await env.DB.prepare('SELECT raw_body, raw_query, data FROM events WHERE id = ?')
      .bind(event_id)
      .first<{ raw_body: string | null; raw_query: string | null; data: string }>()
    expect(event).toMatchObject({ raw_body: null, raw_query: null })
    expect(JSON.parse(event!.data)).toMatchObject({ channel_id: body.id, url: body.url })
    const kept = await env.DB.prepare('SELECT count(*) AS n FROM recordings WHERE channel_id = ?')
      .bind(body.id)
      .first<{ n: number }>()
    expect(kept!.n).toBe(1)
    const channel = await env.DB.prepare('SELECT id FROM channels WHERE id = ?')
      .bind(body.id)
      .first()
    expect(channel).toEqual({ id: body.id })
  })

  it('keeps what is younger than the limit', async () => {
    const { event_id } = await (await postJson(recording())).json<{ event_id: string }>()

    await applyRetention(env.DB, 30)

    const event = await env.DB.prepare('SELECT raw_body FROM events WHERE id = ?')
      .bind(event_id)
      .first()
    expect(event!.raw_body).toContain('https://s3.amazonaws.com/')
  })
})
