import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { HOOK } from '../helpers'
import { ADMIN_TOKEN } from './helpers'
import { fetchWith, seedDelivery, unique } from './seed'

const SECRETS = {
  SLACK_LIVE_URL: 'https://hooks.slack.com/services/T0001/B0001/slack-secret-3c9e71d2',
  MEDIA_SIGNING_SECRET: 'whsec_c2lnbmluZy1zZWNyZXQtdmFsdWUtOWY0',
}
const INLINE_URL = 'http://127.0.0.1:1/inline-url-secret-5e1f9a'
const HEADER_VALUE = 'header-secret-77c2d1b0'
const TARGETS = [
  { name: 'slack-live', type: 'slack', url_secret: 'SLACK_LIVE_URL', channels: ['prod-*'] },
  {
    name: 'media',
    type: 'webhook',
    url: INLINE_URL,
    signing_secret: 'MEDIA_SIGNING_SECRET',
    headers: { 'X-Api-Key': HEADER_VALUE },
    timeout_ms: 5000,
    events: ['recording.completed'],
  },
  { name: 'discord-unset', type: 'discord', url_secret: 'DISCORD_URL' },
]
const OVERRIDES = { TARGETS, ...SECRETS }
const EVERY_SECRET = [
  ...Object.values(SECRETS),
  INLINE_URL,
  HEADER_VALUE,
  ADMIN_TOKEN,
  env.INGEST_TOKEN!,
  env.INGEST_TOKEN_NEXT!,
]

async function call(path: string, method = 'GET') {
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}` }
  const response = await fetchWith(OVERRIDES, path, { method, headers })
  return { status: response.status, text: await response.text() }
}

describe('GET /api/targets', () => {
  it('describes each target without its URL, secrets or header values', async () => {
    await env.DB.prepare(
      `INSERT INTO target_flags (target, gone_at, reason) VALUES ('discord-unset', ?, 'HTTP 410')
       ON CONFLICT (target) DO NOTHING`
    )
      .bind(Date.UTC(2004, 0, 1))
      .run()
    const { status, text } = await call('/api/targets')
    expect(status).toBe(200)
    const body = JSON.parse(text)
    expect(body.config).toEqual({ valid: true, errors: [] })
    const byName = Object.fromEntries(body.targets.map((t: { name: string }) => [t.name, t]))
    expect(Object.keys(byName)).toEqual(['archive', 'slack-live', 'media', 'discord-unset'])
    expect(byName['slack-live']).toMatchObject({
      type: 'slack',
      events: null,
      channels: ['prod-*'],
      url: { source: 'secret', secret_name: 'SLACK_LIVE_URL', set: true },
      signing: null,
      ready: true,
      gone: null,
    })
    expect(byName.media).toMatchObject({
      url: { source: 'inline', secret_name: null, set: true },
      signing: { secret_name: 'MEDIA_SIGNING_SECRET', set: true },
      header_names: ['X-Api-Key'],
      timeout_ms: 5000,
    })
    expect(byName['discord-unset']).toMatchObject({
      url: { source: 'secret', secret_name: 'DISCORD_URL', set: false },
      ready: false,
      gone: { at: '2004-01-01T00:00:00.000Z', reason: 'HTTP 410' },
    })
    expect(byName.archive).toMatchObject({ type: 'archive', url: null, ready: true })
  })

  it('counts recent deliveries by status per target', async () => {
    const target = 'media'
    const before = JSON.parse((await call('/api/targets')).text).targets.find(
      (t: { name: string }) => t.name === target
    ).recent
    const eventId = unique('evt')
    await seedDelivery({ eventId, target, status: 'dead' })
    await seedDelivery({ eventId, target, status: 'dead' })
    await seedDelivery({
      eventId,
      target,
      status: 'succeeded',
      createdAt: Date.now() - 2 * 86_400_000,
    })
    const after = JSON.parse((await call('/api/targets')).text).targets.find(
      (t: { name: string }) => t.name === target
    ).recent
    expect(after).toEqual({ ...before, dead: before.dead + 2 })
  })

  it('reports an invalid TARGETS config with the errors, not the values', async () => {
    const bad = [
      { name: 'broken', type: 'webhook', url: 'ftp://x', headers: { Host: HEADER_VALUE } },
    ]
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}` }
    const response = await fetchWith({ TARGETS: bad }, '/api/targets', { headers })
    const text = await response.text()
    expect(JSON.parse(text).config.valid).toBe(false)
    expect(JSON.parse(text).config.errors.join('\n')).toContain('target "broken"')
    expect(text).not.toContain(HEADER_VALUE)
  })
})

describe('redaction', () => {
  it('no secret value appears in any API response', async () => {
    const channel = `prod-${unique('redact')}`
    const hook = await fetchWith(OVERRIDES, HOOK, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: channel, url: `https://s3.amazonaws.com/svc/x/${channel}.mp4` }),
    })
    const { event_id } = await hook.json<{ event_id: string }>()
    const recordingId = event_id.replace('evt_', 'rec_')
    // A target that echoes its own URL and headers back, as some error pages do.
    const echoed = await seedDelivery({
      eventId: event_id,
      target: 'slack-live',
      status: 'dead',
      lastError: `POST ${SECRETS.SLACK_LIVE_URL} failed`,
      excerpt: `{"headers":{"x-api-key":"${HEADER_VALUE}"},"url":"${INLINE_URL}"}`,
    })
    await env.DB.prepare(
      `INSERT INTO attempts (delivery_id, attempt, started_at, ms, outcome, error, response_excerpt)
       VALUES (?, 1, ?, 5, 'dead', ?, ?)`
    )
      .bind(echoed, Date.now(), `fetch ${INLINE_URL}`, SECRETS.MEDIA_SIGNING_SECRET)
      .run()

    const answers = [
      await call('/api/targets'),
      await call('/api/openapi.json'),
      await call(`/api/recordings?channel_id=${channel}`),
      await call(`/api/recordings/${recordingId}`),
      await call(`/api/channels/${channel}`),
      await call('/api/channels'),
      await call(`/api/events?channel_id=${channel}`),
      await call(`/api/events/${event_id}`),
      await call(`/api/deliveries?event_id=${event_id}`),
      await call(`/api/deliveries/${echoed}`),
      await call('/api/deliveries?status=dead&limit=100'),
      await call('/api/quarantine'),
      await call(`/api/events/${event_id}/replay`, 'POST'),
      await call(`/api/deliveries/${echoed}/retry`, 'POST'),
      await call('/api/no-such-route'),
    ]
    expect(answers.map((answer) => answer.status)).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 202, 202, 404,
    ])
    for (const { text } of answers) {
      for (const secret of EVERY_SECRET) expect(text).not.toContain(secret)
    }
    const detail = JSON.parse(answers[9]!.text).delivery
    expect(detail.last_error).toBe('POST [redacted] failed')
    expect(detail.attempts_log[0]).toMatchObject({
      error: 'fetch [redacted]',
      response_excerpt: '[redacted]',
    })
  })

  it('also hides a secret URL echoed as its path, its last segment, encoded or JSON-escaped', async () => {
    const secretUrl = SECRETS.SLACK_LIVE_URL
    const { pathname } = new URL(secretUrl)
    const forms = [
      `<pre>Cannot POST ${pathname}</pre>`,
      `token=${pathname.split('/').at(-1)}`,
      `enc=${encodeURIComponent(secretUrl)}`,
      `json="${secretUrl.replaceAll('/', '\\/')}"`,
      `inline=${new URL(INLINE_URL).pathname}`,
    ]
    const hook = await fetchWith(OVERRIDES, HOOK, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: `prod-${unique('echo')}`,
        url: 'https://s3.amazonaws.com/b/e.mp4',
      }),
    })
    const { event_id } = await hook.json<{ event_id: string }>()
    const echoed = await seedDelivery({
      eventId: event_id,
      target: 'slack-live',
      status: 'dead',
      lastError: 'HTTP 404',
      excerpt: forms.join(' '),
    })

    const { status, text } = await call(`/api/deliveries/${echoed}`)

    expect(status).toBe(200)
    expect(text).not.toContain('slack-secret-3c9e71d2')
    expect(text).not.toContain('inline-url-secret-5e1f9a')
    expect(text).not.toContain('T0001')
    expect(JSON.parse(text).delivery.response_excerpt).toContain('Cannot POST [redacted]')
  })
})
