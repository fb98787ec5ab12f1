/** `/dashboard`: server-rendered HTML for operators; works without JavaScript. */
import { Hono, type Context } from 'hono'
import { csrf } from 'hono/csrf'
import { html } from 'hono/html'
import { HTTPException } from 'hono/http-exception'
import type { JSX } from 'hono/jsx/jsx-runtime'
import { secureHeaders } from 'hono/secure-headers'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { replayEvent, retryDelivery } from '../api/actions'
import { ADMIN_TOKEN_HINT, isAdminToken } from '../api/auth'
import { sendToQueue } from '../deliver/outbox'
import type { AppBindings } from '../env'
import { AppError, onError } from '../http/errors'
import { loadOverview } from './data'
import { LoginPage, MessagePage } from './layout'
import { OverviewPage } from './overview'
import { endSession, signedIn, startSession } from './session'
import { STYLESHEET } from './style'
import { readBody } from '../ingest/read-body'

/** The dashboard routes, mounted at `/dashboard`. */
export const dashboard = new Hono<AppBindings>()

dashboard.use(secureHeaders({ crossOriginResourcePolicy: false }), contentSecurityPolicy)
// Form posts must come from this origin; the cookie is SameSite=Strict as a second line.
dashboard.use(csrf())

dashboard.get('/style.css', (c) => {
  c.header('cache-control', 'public, max-age=300')
  return c.body(STYLESHEET, 200, { 'content-type': 'text/css; charset=utf-8' })
})

dashboard.use(async (c, next) => {
  if (!c.env.ADMIN_TOKEN)
    return page(c, <MessagePage title="Not configured" message={ADMIN_TOKEN_HINT} />, 503)
  await next()
})

dashboard.get('/login', (c) => page(c, <LoginPage />))

dashboard.post('/login', async (c) => {
  const token = await formToken(c.req.raw)
  if (token === undefined) return page(c, <LoginPage failed />, 400)
  if (!(await isAdminToken(c.env, token))) return page(c, <LoginPage failed />, 401)
  await startSession(c, token)
  return c.redirect('/dashboard', 303)
})

dashboard.post('/logout', (c) => {
  endSession(c)
  return c.redirect('/dashboard/login', 303)
})

// Everything below needs a signed-in operator.
dashboard.use(async (c, next) => {
  const sign = await signedIn(c)
  if (sign === 'bad-basic') {
    c.header('WWW-Authenticate', 'Basic realm="livecast-relay dashboard", charset="UTF-8"')
    return page(c, <LoginPage failed />, 401)
  }
  if (sign === 'none') return c.redirect('/dashboard/login', 303)
  await next()
})

dashboard.get('/', async (c) => {
  const cursor = c.req.query('recordings') || undefined
  const overview = await loadOverview(c.env, cursor)
  const allowHttpImages = new URL(c.req.url).protocol === 'http:'
  return page(
    c,
    <OverviewPage
      overview={overview}
      notice={c.req.query('notice')}
      allowHttpImages={allowHttpImages}
    />
  )
})

dashboard.post('/deliveries/:id/retry', async (c) => {
  const delivery = await retryDelivery(c.env, c.req.param('id'))
  c.executionCtx.waitUntil(sendToQueue(c.env, [delivery]))
  return c.redirect('/dashboard?notice=retried#attention', 303)
})

dashboard.post('/events/:id/replay', async (c) => {
  const planned = await replayEvent(c.env, c.req.param('id'))
  c.executionCtx.waitUntil(sendToQueue(c.env, planned))
  return c.redirect('/dashboard?notice=replayed#recordings', 303)
})

dashboard.onError((err, c) => {
  if (err instanceof AppError || (err instanceof HTTPException && err.status < 500)) {
    const status = err.status as ContentfulStatusCode
    const message =
      err instanceof AppError ? err.message : 'This form was not sent from the dashboard.'
    return page(c, <MessagePage title="That did not work" message={message} />, status)
  }
  return onError(err, c)
})

/** Renders a full page; every answer is private and never cached. */
function page(c: Context<AppBindings>, body: JSX.Element, status: ContentfulStatusCode = 200) {
  c.header('cache-control', 'no-store')
  return c.html(html`<!doctype html>${body}`, status)
}

/**
 * No scripts at all, styles only from our stylesheet, forms only to us. Thumbnails are the one
 * outside resource: https anywhere, and plain http only while the dashboard itself is plain
 * http (local development), where a browser would not block it as mixed content anyway.
 */
async function contentSecurityPolicy(c: Context<AppBindings>, next: () => Promise<void>) {
  await next()
  const images = new URL(c.req.url).protocol === 'http:' ? "'self' https: http:" : "'self' https:"
  c.header(
    'content-security-policy',
    `default-src 'none'; style-src 'self'; img-src ${images}; form-action 'self'; ` +
      "frame-ancestors 'none'; base-uri 'none'"
  )
}

/** Longest login form worth reading: a token field and some slack, nothing like a file upload. */
const LOGIN_FORM_BYTES = 4096

/**
 * The `token` field of the login form, '' when absent, or undefined when the body is not a
 * readable form (too large, bad multipart, a charset the runtime rejects): a 400, never a 500.
 */
async function formToken(request: Request): Promise<string | undefined> {
  try {
    const body = await readBody(request, LOGIN_FORM_BYTES)
    const type = request.headers.get('content-type') ?? ''
    const form = await new Response(body, { headers: { 'content-type': type } }).formData()
    const token = form.get('token')
    return typeof token === 'string' ? token : ''
  } catch {
    return undefined
  }
}
