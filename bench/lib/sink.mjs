// Local stand-ins for the outside services: a webhook sink, Slack, Discord and a file origin.
import { createServer } from 'node:http'

const MARKER = /lat-[a-z0-9]+-\d+/

/**
 * One HTTP server on 127.0.0.1 (port picked by the OS). Counts each delivery by its key
 * (`webhook-id` for webhooks, the channel id for Slack and Discord) so duplicates show, and
 * timestamps the first Slack message that names a latency marker.
 */
export async function startSink() {
  const received = { webhook: new Map(), slack: new Map(), discord: new Map() }
  const markers = new Map()
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://sink').pathname
    if (['GET', 'HEAD'].includes(req.method) && path.startsWith('/files/'))
      return serveFile(req, res, path)

    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const kind = path.slice(1)
      const counts = received[kind]
      if (!counts || req.method !== 'POST') {
        res.writeHead(404).end('no such sink')
        return
      }
      const key =
        kind === 'webhook'
          ? (req.headers['livecast-delivery-id'] ?? req.headers['webhook-id'])
          : channelIn(body)
      counts.set(key, (counts.get(key) ?? 0) + 1)
      const marker = MARKER.exec(body)?.[0]
      if (kind === 'slack' && marker && !markers.has(marker)) markers.set(marker, Date.now())
      if (kind === 'discord') res.writeHead(204).end()
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
    })
  })
  server.keepAliveTimeout = 30_000
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${server.address().port}`
  return {
    base,
    received,
    markers,
    /** Total requests and keys seen more than once, per kind. */
    tally(kind) {
      let total = 0
      let repeated = 0
      for (const count of received[kind].values()) {
        total += count
        if (count > 1) repeated++
      }
      return { total, unique: received[kind].size, repeated }
    },
    /** Forgets everything received so far (between phases; earlier workers are stopped). */
    reset() {
      for (const counts of Object.values(received)) counts.clear()
      markers.clear()
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(resolve)
      }),
  }
}

// Slack and Discord bodies carry no delivery id; the bench's channel ids are unique per event.
function channelIn(body) {
  return /(?:nl|tp|lat|ch|ar)-[a-z0-9]+-\d+/.exec(body)?.[0] ?? body.slice(0, 200)
}

/**
 * `/files/<bytes>/<name>.mp4`: a recording of exactly <bytes> bytes, generated as it streams so
 * a 1 GiB file costs no memory here either.
 */
function serveFile(req, res, path) {
  const size = Number(path.split('/')[2])
  if (!Number.isSafeInteger(size) || size < 0) return res.writeHead(404).end()
  res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(size) })
  if (req.method === 'HEAD') return res.end()
  const block = Buffer.alloc(Math.min(size, 1 << 20), 7)
  let left = size
  const pump = () => {
    while (left > 0) {
      const chunk = left >= block.length ? block : block.subarray(0, left)
      left -= chunk.length
      if (!res.write(chunk)) return res.once('drain', pump)
    }
    res.end()
  }
  pump()
}
