// A local stand-in for Slack, Discord and internal services: answers by path and records every
// request, so tests and the demo can see exactly what each target received.
import { createServer } from 'node:http'

/**
 * Paths: `/ok` and `/slack/...` → 200 "ok"; `/discord/...` → 204; `/status/<code>` → that code
 * (`?retry_after=N` adds Retry-After); `/flaky/<key>/<n>` → 500 for the first n calls per key,
 * then 200 "ok"; `/hang` → never answers. `GET /_requests?prefix=/x` lists what arrived.
 */
export async function startSink({ onRequest } = {}) {
  const requests = []
  const calls = new Map()
  const hanging = new Set()

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://sink')
    if (url.pathname === '/_requests') {
      const prefix = url.searchParams.get('prefix') ?? '/'
      const matching = requests.filter((r) => r.path.startsWith(prefix))
      res.writeHead(200, { 'content-type': 'application/json' })
      return res.end(JSON.stringify(matching))
    }

    const chunks = []
    for await (const chunk of req) chunks.push(chunk)
    const record = {
      method: req.method,
      path: url.pathname,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at: Date.now(),
    }
    requests.push(record)
    onRequest?.(record)
    respond(url, res, calls, hanging)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  server.unref()

  const url = `http://127.0.0.1:${server.address().port}`
  const stop = () =>
    new Promise((resolve) => {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return { url, requests, stop }
}

function respond(url, res, calls, hanging) {
  const [, kind, a, b] = url.pathname.split('/')
  if (kind === 'ok' || kind === 'slack') return text(res, 200, 'ok')
  if (kind === 'discord') return text(res, 204, '')
  if (kind === 'hang') {
    hanging.add(res)
    return res.on('close', () => hanging.delete(res))
  }
  if (kind === 'status') {
    const retryAfter = url.searchParams.get('retry_after')
    const headers = retryAfter ? { 'retry-after': retryAfter } : {}
    return text(res, Number(a) || 500, `status ${a}`, headers)
  }
  if (kind === 'flaky') {
    const seen = (calls.get(a) ?? 0) + 1
    calls.set(a, seen)
    return seen <= Number(b) ? text(res, 500, 'flaky failure') : text(res, 200, 'ok')
  }
  return text(res, 404, 'no such sink path')
}

function text(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'text/plain', ...headers })
  res.end(body)
}
