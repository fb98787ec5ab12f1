import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { count, samples, sendSample } from '../helpers'

describe('shared samples', () => {
  for (const sample of samples) {
    it(`${sample.name}: ${sample.expect}`, async () => {
      const before = { quarantine: await count('quarantine'), events: await count('events') }
      const response = await sendSample(sample)
      const body = await response.json<Record<string, unknown>>()

      if (/^\d+$/.test(sample.expect)) {
        expect(response.status).toBe(Number(sample.expect))
        expect(body.ok).toBe(false)
        expect(await count('quarantine')).toBe(before.quarantine + 1)
        expect(await count('events')).toBe(before.events)
        return
      }
      expect(response.status).toBe(200)
      expect(body).toMatchObject({ ok: true, type: sample.expect, duplicate: false })
      const stored = await env.DB.prepare('SELECT type, raw_method FROM events WHERE id = ?')
        .bind(body.event_id)
        .first()
      expect(stored).toEqual({ type: sample.expect, raw_method: sample.method })
    })
  }
})
