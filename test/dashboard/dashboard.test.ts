import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { ADMIN_TOKEN } from '../api/helpers'
import { fetchWith, seedDelivery, seedEvent, unique } from '../api/seed'
import { count, postJson, recording, send } from '../helpers'

const BASE = 'https://relay.test'
const SAME_ORIGIN = { origin: BASE, 'content-type': 'application/x-www-form-urlencoded' }

async function signIn(): Promise<string> {
  const response = await send(`${BASE}/dashboard/login`, {
    method: 'POST',
    headers: SAME_ORIGIN,
    body: new URLSearchParams({ token: ADMIN_TOKEN }).toString(),
    redirect: 'manual',
  })
  expect(response.status).toBe(303)
  const cookie = response.headers.get('set-cookie') ?? ''
  return cookie.split(';')[0]!
}

async function dashboardHtml(cookie: string, base = BASE) {
  const response = await send(`${base}/dashboard`, { headers: { cookie }, redirect: 'manual' })
  return { response, text: await response.text() }
}

describe('dashboard sign-in', () => {
  it('sends a visitor without credentials to the login form', async () => {
    const response = await send(`${BASE}/dashboard`, { redirect: 'manual' })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/dashboard/login')
    const login = await send(`${BASE}/dashboard/login`)
    expect(login.status).toBe(200)
    expect(await login.text()).toContain('<input id="token" name="token" type="password"')
  })

  it('sets an HttpOnly, Secure, SameSite=Strict cookie that does not contain the token', async () => {
    const response = await send(`${BASE}/dashboard/login`, {
      method: 'POST',
      headers: SAME_ORIGIN,
      body: `token=${ADMIN_TOKEN}`,
      redirect: 'manual',
    })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/dashboard')
    const cookie = response.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^__Host-relay_session=v1\.\d{13}\.[\w-]{43}; Max-Age=43200; Path=\//)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('Secure')
    expect(cookie).toContain('SameSite=Strict')
    expect(cookie).not.toContain(ADMIN_TOKEN)
    const { response: page } = await dashboardHtml(cookie.split(';')[0]!)
    expect(page.status).toBe(200)
  })

  it('refuses a wrong token, a forged cookie and a cookie signed with an old token', async () => {
    const wrong = await send(`${BASE}/dashboard/login`, {
      method: 'POST',
      headers: SAME_ORIGIN,
      body: 'token=guess',
    })
    expect(wrong.status).toBe(401)
    expect(wrong.headers.get('set-cookie')).toBeNull()
    expect(await wrong.text()).toContain('That is not the admin token.')

    const cookie = await signIn()
    const forged = cookie.replace(/\.\w{4}/, '.AAAA')
    expect((await dashboardHtml(forged)).response.status).toBe(303)
    const rotated = await fetchWith({ ADMIN_TOKEN: 'rotated-admin-token' }, `${BASE}/dashboard`, {
      headers: { cookie },
      redirect: 'manual',
    })
    expect(rotated.status).toBe(303)
  })

  it('accepts HTTP Basic with the token as password, and challenges a wrong one', async () => {
    const good = await send(`${BASE}/dashboard`, {
      headers: { authorization: `Basic ${btoa(`ops:${ADMIN_TOKEN}`)}` },
    })
    expect(good.status).toBe(200)
    const bad = await send(`${BASE}/dashboard`, {
      headers: { authorization: `Basic ${btoa('ops:nope')}` },
    })
    expect(bad.status).toBe(401)
    expect(bad.headers.get('www-authenticate')).toContain('Basic realm="livecast-relay dashboard"')
  })

  it('refuses a login form posted from another origin', async () => {
    const response = await send(`${BASE}/dashboard/login`, {
      method: 'POST',
      headers: { ...SAME_ORIGIN, origin: 'https://evil.example' },
      body: `token=${ADMIN_TOKEN}`,
    })
    expect(response.status).toBe(403)
    expect(response.headers.get('set-cookie')).toBeNull()
  })

  it('answers a malformed, oversized or non-UTF-8 login form with 400, never a 500', async () => {
    const bodies: [string, string][] = [
      ['multipart/form-data; boundary=zz', 'garbage'],
      ['multipart/form-data', 'x'],
      ['application/x-www-form-urlencoded; charset=iso-8859-1', 'token=x'],
      ['application/x-www-form-urlencoded', `token=${'x'.repeat(10_000)}`],
    ]
    for (const [type, body] of bodies) {
      const response = await send(`${BASE}/dashboard/login`, {
        method: 'POST',
        headers: { origin: BASE, 'content-type': type },
        body,
      })
      expect(response.status).toBe(400)
      expect(response.headers.get('set-cookie')).toBeNull()
    }
  })

  it('answers 503 with a hint on every page when ADMIN_TOKEN is unset', async () => {
    for (const path of ['/dashboard', '/dashboard/login']) {
      const response = await fetchWith({ ADMIN_TOKEN: undefined }, `${BASE}${path}`)
      expect(response.status).toBe(503)
      expect(await response.text()).toContain('wrangler secret put ADMIN_TOKEN')
    }
  })

  it('sends a strict Content-Security-Policy without inline scripts or styles', async () => {
    const cookie = await signIn()
    const { response } = await dashboardHtml(cookie)
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self' https:; form-action 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'"
    )
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('cache-control')).toBe('no-store')
    const css = await send(`${BASE}/dashboard/style.css`)
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8')
  })
})

describe('dashboard overview', () => {
  it('shows a recording with size, duration, archive state and delivery badges', async () => {
    const channel = unique('dash')
    const thumbnail = `https://cdn.example.com/${channel}.jpg`
    await postJson(recording(channel, { filesize: 1_234_567_890, duration: 3725, thumbnail }))
    const { text } = await dashboardHtml(await signIn())
    const row = text.slice(text.indexOf(channel) - 400, text.indexOf(channel) + 1500)
    expect(row).toContain(`<img class="thumb" src="${thumbnail}"`)
    expect(row).toContain('1.2 GB')
    expect(row).toContain('1h 02m 05s')
    expect(row).toContain('<span class="badge s-pending">pending</span>')
    expect(row).toMatch(/<span class="badge s-\w+">archive: \w+<\/span>/)
  })

  it('escapes sender text: a channel id with a script tag renders as text', async () => {
    const channel = `<script>alert(1)</script>${unique('x')}`
    await postJson(recording(channel, { url: `https://s3.amazonaws.com/svc/a/${unique('f')}.mp4` }))
    const { text } = await dashboardHtml(await signIn())
    expect(text).not.toContain('<script>alert(1)</script>')
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('shows plain-http thumbnails as images only on a plain-http dashboard', async () => {
    const channel = unique('http-thumb')
    const thumbnail = `http://images.example.com/${channel}.jpg`
    await postJson(recording(channel, { thumbnail }))
    const cookie = await signIn()
    const secure = (await dashboardHtml(cookie)).text
    expect(secure).not.toContain(`src="${thumbnail}"`)
    const plain = await dashboardHtml(cookie, 'http://relay.test')
    expect(plain.text).toContain(`src="${thumbnail}"`)
    expect(plain.response.headers.get('content-security-policy')).toContain(
      "img-src 'self' https: http:"
    )
  })

  it('lists failed and dead deliveries with a retry button that makes them pending', async () => {
    const channel = unique('fail')
    const eventId = await seedEvent({ channelId: channel, receivedAt: Date.now() })
    const id = await seedDelivery({
      eventId,
      status: 'dead',
      lastError: '<b>gone</b>',
      createdAt: Date.now() + 60_000,
    })
    const cookie = await signIn()
    const { text } = await dashboardHtml(cookie)
    const row = text.slice(text.indexOf(`data-delivery="${id}"`))
    expect(row).toContain(channel)
    expect(row).toContain('&lt;b&gt;gone&lt;/b&gt;')
    expect(row).toContain(
      `<form class="inline" method="post" action="/dashboard/deliveries/${id}/retry">`
    )

    const forged = await send(`${BASE}/dashboard/deliveries/${id}/retry`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(forged.status).toBe(403)
    const untouched = await env.DB.prepare('SELECT status FROM deliveries WHERE id = ?')
      .bind(id)
      .first()
    expect(untouched).toEqual({ status: 'dead' })

    const retried = await send(`${BASE}/dashboard/deliveries/${id}/retry`, {
      method: 'POST',
      headers: { ...SAME_ORIGIN, cookie },
      redirect: 'manual',
    })
    expect(retried.status).toBe(303)
    expect(retried.headers.get('location')).toBe('/dashboard?notice=retried#attention')
    const row2 = await env.DB.prepare('SELECT attempts, completed_at FROM deliveries WHERE id = ?')
      .bind(id)
      .first()
    expect(row2).toMatchObject({ completed_at: null })
    const after = await send(`${BASE}/dashboard?notice=retried`, { headers: { cookie } })
    expect(await after.text()).toContain('The delivery is pending again and has been queued.')
  })

  it('replays a recording event from its replay button', async () => {
    const hook = await (
      await postJson(recording(unique('dash-replay')))
    ).json<{ event_id: string }>()
    const before = await count('deliveries', 'event_id = ?', hook.event_id)
    const response = await send(`${BASE}/dashboard/events/${hook.event_id}/replay`, {
      method: 'POST',
      headers: { ...SAME_ORIGIN, cookie: await signIn() },
      redirect: 'manual',
    })
    expect(response.status).toBe(303)
    expect(await count('deliveries', 'event_id = ?', hook.event_id)).toBe(before + 1)
  })

  it('shows an action error as a page, not a stack trace', async () => {
    const response = await send(`${BASE}/dashboard/deliveries/dlv_missing/retry`, {
      method: 'POST',
      headers: { ...SAME_ORIGIN, cookie: await signIn() },
    })
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toContain('text/html')
    expect(await response.text()).toContain('No delivery with id &quot;dlv_missing&quot;.')
  })
})
