// HTTP servers on 127.0.0.1 that stand in for RemoteMonster's file host (thumbnails, MP4s) and
// for the targets, so the browser test exercises real deliveries and real image loads.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { crc32, deflateSync } from 'node:zlib'

/** A solid-colour PNG with a soft diagonal gradient, `width` × `height` pixels. */
export function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const rows = []
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3)
    for (let x = 0; x < width; x++) {
      const shade = 0.6 + (0.4 * (x + y)) / (width + height)
      row.set([r * shade, g * shade, b * shade], 1 + x * 3)
    }
    rows.push(row)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const COLOURS: [number, number, number][] = [
  [37, 99, 235],
  [219, 39, 119],
  [5, 150, 105],
  [217, 119, 6],
]

/** What the media target answers next: a permanent 404, a held answer, or success. */
export type MediaMode = 'missing' | 'hold' | 'ok'

/** The stand-in servers and what they saw. */
export interface StandIns {
  url: string
  /** Paths of every request, in arrival order. */
  requests: string[]
  setMediaMode(mode: MediaMode): void
  /** Answers the held media request(s) with 200. */
  releaseMedia(): void
  stop(): Promise<void>
}

/** Starts one server for files (`/thumb/<n>.png`, `/video/<name>-<bytes>.mp4`) and targets. */
export async function startStandIns(): Promise<StandIns> {
  const requests: string[] = []
  const held: ServerResponse[] = []
  let mediaMode: MediaMode = 'missing'

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    requests.push(`${req.method} ${path}`)
    req.resume()
    const thumb = /^\/thumb\/(\d+)\.png$/.exec(path)
    if (thumb) {
      const image = png(192, 108, COLOURS[Number(thumb[1]) % COLOURS.length]!)
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': image.length })
      return res.end(image)
    }
    const video = /^\/video\/.+-(\d+)\.mp4$/.exec(path)
    if (video) {
      // As many bytes as the name says, so the archive's size check against `filesize` passes.
      const bytes = Buffer.alloc(Number(video[1]), 7)
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': bytes.length })
      return res.end(bytes)
    }
    if (path === '/slack') return res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
    if (path === '/media' && mediaMode === 'hold') return void held.push(res)
    if (path === '/media' && mediaMode === 'ok') return res.writeHead(200).end('{"ok":true}')
    res.writeHead(404, { 'content-type': 'text/plain' }).end('no such endpoint')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setMediaMode: (mode) => {
      mediaMode = mode
    },
    releaseMedia: () => {
      for (const res of held.splice(0)) res.writeHead(200).end('{"ok":true}')
    },
    stop: () => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
