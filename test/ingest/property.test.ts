import { env, exports } from 'cloudflare:workers'
import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TOKEN } from './rows'

// Values a sender might put in any field: right, nearly right, blank, odd types, Hangul,
// lone surrogates and NUL (which D1 must store or refuse cleanly), and plain noise.
const fieldValue = fc.oneof(
  fc.constantFrom('', ' ', '0', '12.5', '1048576', '00:01:05', '75:10', '-1', 'close', 'create'),
  fc.constantFrom('https://s3.amazonaws.com/svc/a/b.mp4', 'ftp://x/y', 'javascript:alert(1)'),
  fc.constantFrom('방송-채널', '1581324488053_Dc5aQ', 'a\ud800b', '\udfff', 'nul\u0000byte'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 })
)

const fieldName = fc.oneof(
  fc.constantFrom('id', 'url', 'filesize', 'duration', 'thumbnail', 'chid', 'action', 'payload'),
  fc.string({ maxLength: 12 })
)

const suffix = fc.string({ unit: 'grapheme-ascii', minLength: 4, maxLength: 24 })
const recording = fc.record(
  {
    id: suffix.map((text) => `rec-${text}`),
    url: suffix.map((text) => `https://s3.amazonaws.com/svc/${encodeURIComponent(text)}.mp4`),
    filesize: fc.oneof(fc.nat(), fc.nat().map(String), fc.constant('')),
    duration: fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constant('01:02:03')),
    thumbnail: fc.constantFrom('https://s3.amazonaws.com/a.jpg', 'not a url', ''),
  },
  { requiredKeys: ['id', 'url'] }
)
const channel = fc.record({
  chid: suffix.map((text) => `chan-${text}`),
  action: fc.constantFrom('close', 'create', ' CLOSE ', 'Create'),
})
const nearValid = fc.dictionary(fieldName, fieldValue, { maxKeys: 7 })
const fields = fc.oneof(recording, channel, nearValid)

const encoder = new TextEncoder()
// URLSearchParams writes a lone surrogate as U+FFFD, as any real form encoder must.
const formOf = (record: Record<string, unknown>) =>
  new URLSearchParams(
    Object.entries(record).map(([name, value]) => [name, String(value)])
  ).toString()

const body: fc.Arbitrary<Uint8Array | null> = fc.oneof(
  { arbitrary: fields.map((record) => encoder.encode(JSON.stringify(record))), weight: 4 },
  { arbitrary: fields.map((record) => encoder.encode(formOf(record))), weight: 3 },
  {
    arbitrary: fields.map((record) => encoder.encode(formOf({ payload: JSON.stringify(record) }))),
    weight: 1,
  },
  { arbitrary: fc.jsonValue().map((value) => encoder.encode(JSON.stringify(value))), weight: 1 },
  {
    arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((t) => encoder.encode(t)),
    weight: 1,
  },
  { arbitrary: fc.uint8Array({ maxLength: 512 }), weight: 2 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.constant(new Uint8Array(70_000).fill(0x7b)), weight: 1 }
)

const contentType = fc.option(
  fc.oneof(
    fc.constantFrom(
      'application/json',
      'APPLICATION/JSON; charset=UTF-8',
      'application/cloudevents+json',
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded; charset=euc-kr',
      'multipart/form-data; boundary=xyz',
      'multipart/form-data',
      'text/plain',
      'Text/Plain; Charset=utf-8',
      'application/octet-stream',
      'image/png',
      'application/json; charset=x-unknown'
    ),
    fc.string({ maxLength: 30 })
  ),
  { nil: undefined }
)

const query = fc.oneof(
  fc.constant({}),
  channel,
  fc.dictionary(fieldName, fc.string({ unit: 'binary', maxLength: 20 }), { maxKeys: 4 })
)

const request = fc.record({
  method: fc.oneof(
    { arbitrary: fc.constantFrom('POST', 'PUT', 'GET'), weight: 8 },
    { arbitrary: fc.constantFrom('DELETE', 'PATCH'), weight: 1 }
  ),
  contentType,
  body,
  query,
  slash: fc.boolean(),
})

type Envelope =
  | { ok: true; event_id: string; duplicate: boolean }
  | { ok: false; error: { code: string; message: string; issues: unknown[] } }

async function countWhere(sql: string, value: string) {
  const row = await env.DB.prepare(sql).bind(value).first<{ n: number }>()
  return row?.n ?? 0
}

/** Collects what the worker logs, so the test can check it and keep the run's output short. */
function captureLogs(): string[] {
  const lines: string[] = []
  for (const level of ['log', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(JSON.stringify(args))
    })
  }
  return lines
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('hook: property', () => {
  it('answers 1,000 random authenticated requests with the envelope, never 5xx, and stores what it says', async () => {
    const logs = captureLogs()
    let sent = 0
    const statuses = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(request, async ({ method, contentType, body, query, slash }) => {
        sent++
        const probe = `prop-${crypto.randomUUID()}`
        const url = new URL(`http://relay.test/hooks/${TOKEN}${slash ? '/' : ''}`)
        for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value)
        url.searchParams.set('probe', probe)

        const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {}
        const hasBody = method !== 'GET' && body !== null
        const response = await exports.default.fetch(url, {
          method,
          headers,
          body: hasBody ? body : undefined,
        })
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)

        expect(response.status).toBeLessThan(500)
        expect(response.headers.get('content-type')).toMatch(/^application\/json/)
        const answer = await response.json<Envelope>()
        const quarantined = await countWhere(
          'SELECT count(*) AS n FROM quarantine WHERE raw_query LIKE ?',
          `%${probe}%`
        )

        if (answer.ok) {
          expect(response.status).toBe(200)
          expect(answer.event_id).toMatch(/^evt_[0-9a-hjkmnp-tv-z]{26}$/)
          expect(typeof answer.duplicate).toBe('boolean')
          const stored = await countWhere(
            'SELECT count(*) AS n FROM events WHERE id = ?',
            answer.event_id
          )
          expect(stored).toBe(1)
          if (!answer.duplicate) {
            // A new event is this very request: its stored query carries the probe.
            const own = await env.DB.prepare(
              'SELECT count(*) AS n FROM events WHERE id = ?1 AND raw_query LIKE ?2'
            )
              .bind(answer.event_id, `%${probe}%`)
              .first<{ n: number }>()
            expect(own?.n).toBe(1)
          }
          expect(quarantined).toBe(0)
          return
        }

        expect(response.status).toBeGreaterThanOrEqual(400)
        expect(answer.error.code).toMatch(/^[a-z_]+$/)
        expect(answer.error.message.length).toBeGreaterThan(0)
        expect(Array.isArray(answer.error.issues)).toBe(true)
        const refusedAfterReading = [400, 415, 422].includes(response.status)
        expect(quarantined).toBe(refusedAfterReading ? 1 : 0)
      }),
      { numRuns: 1000 }
    )
    vi.restoreAllMocks()
    expect(sent).toBeGreaterThanOrEqual(1000)
    expect(logs.length).toBeGreaterThan(500)
    expect(logs.filter((line) => line.includes(TOKEN))).toEqual([])
    console.log({ msg: 'property.statuses', sent, statuses: Object.fromEntries(statuses) })
  }, 180_000)
})
