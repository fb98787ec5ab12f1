// A local stand-in for the S3 bucket RemoteMonster records into: serves generated recordings and
// a thumbnail on 127.0.0.1, with switches for the failures the archive must survive.
import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import { pathToFileURL } from 'node:url'

const BLOCK = 64 * 1024
/** Size of the demo recording served at /sample.mp4. */
export const SAMPLE_BYTES = 2 * 1024 * 1024

// A 160x90 JPEG (a gradient with the word "livecast"), made once with ImageMagick for this file.
const THUMBNAIL = Buffer.from(
  [
    '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAoHBwgHBgoICAgLCgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEi',
    'MEExNDk7Pj4+JS5ESUM8SDc9Pjv/2wBDAQoLCw4NDhwQEBw7KCIoOzs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7',
    'Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozv/wAARCABaAKADASIAAhEBAxEB/8QAGwABAQEBAQADAAAAAAAAAAAAAAMCBQYBBAf/',
    'xAArEAACAgICAQMDBAIDAAAAAAAAEgEDAgQFESEGEzEUIlEVMkFSFmEjM5H/xAAYAQEBAQEBAAAAAAAAAAAAAAAAAwQB',
    'Av/EACERAQEBAAIBAwUAAAAAAAAAAAASEwERAiExUQMUIkHw/9oADAMBAAIRAxEAPwDwShSqhTdSWaShSqhRRmkoUqoU',
    'UZpKFKqFFGaShSqhRRmkoUqoUUZpKFKqFFGaShSqhRRmkoUqoUUZpKFKqFFGaihSihSNN2aahSihRRmmoUooUUZpqFKK',
    'FFGaahSihRRmmoUooUUZpqFKKFFGaahSihRRmmoUooUUZpqFKKFFGaqhSihSFN+aahSihRRmmoUooUUZvv7vAX8fZuV3',
    '7OrFmphVnOHuT3Y8RMJEx5mIyjv8HMU97zVVP1HqPZzoqttoo0cq5swjJZ/4++u/zHifzBHLi9DD1VZyn0tc8Xjp/qON',
    'M4wkxOPUYdfH7/HQ7R8efT1/vZ4hQp7XQ0K9XgdTfqo4eza3srM855CzDHHDGMljHDDKYj+Jnv8Aj4N28TxGHJX8jXXq',
    '306/H/VWalF0WVRf2q9xP7e/PXYp3vh4dQp3tjkNLldeqvPia6d2L8YxnSrTGyufnGcf7d/E9HpauPr2r9rR2+J4jSoi',
    'iyaqcLMctquccZnGZmJnLvx57FHP4+/D88Uvr6GxtVX201Phr4e5bPcQuPcR3/7MHrODq1cuF1o47V4nb35zz+qp35j3',
    'MvP2xW0xHXX489leO2MuO/yWrDi6dWK6fcjX2KsbJw7zx+2ZmPOP8xHx8SKOf31w8OoUp0FFK5pqFKKFFGaahSihRRmo',
    'oUqoUjTdmkoUqoUUZpKFKqFFGbsb3qP6yOUj6RP1Guiv/s79v218/Hntf9ddk8/UNufpjDhPYiJxz83t5yriZyjDrr+0',
    '9/Jy1Cinjj6Hj8Onp8zr48bXx/JcbjvU0ZTlRMWzXnX38x3HfcTPno3j6jtw5XLbx09fHXzo+my1IiYwmr+vfz3/AD38',
    '9nJUKKMPH4djL1Fhr10VcTx2GlXVsY7OUZWTbNmeP7e5nrxH4L0+p9HV5LPe1+CrxsveL22Msu4yiWXx9vff+zgKFFOf',
    'b+Pw61PM8dOpVrbvCYbOOvll7OWN+VeUYzPa5TEfd1+fBvD1NNnJchtb2ljfXv1RVnVhZNa4x0vU+fhYOMoUU7h4pqfC',
    'lVCinvNJQpVQoozSUKVUKKM1FClFCkab801ClFCijNNQpRQoozTUKUUKKM01ClFCijNNQpRQoozTUKUUKKM01ClFCijN',
    'NQpRQoozTUKUUKKM1VCmwR7bJ4YUKbA7J4YUKbA7J4YUKbA7J4YUKbA7J4YUKbA7J4YUKbA7J4YUKbA7J4YUKbA7J4YU',
    'KbA7J4f/2Q==',
  ].join(''),
  'base64'
)

const baseBlocks = new Map()

/** The 64 KiB block every chunk of recording `name` starts from, derived from the name. */
function baseBlock(name) {
  let block = baseBlocks.get(name)
  if (block) return block
  block = Buffer.alloc(BLOCK)
  for (let offset = 0, counter = 0; offset < BLOCK; offset += 32, counter++) {
    createHash('sha256').update(`${name}:${counter}`).digest().copy(block, offset)
  }
  baseBlocks.set(name, block)
  return block
}

/** MP4 `ftyp` and `mdat` box headers, so the file looks like an MP4 to sniffers. */
function mp4Header(size) {
  const header = Buffer.alloc(40)
  header.writeUInt32BE(24, 0)
  header.write('ftypisom', 4, 'latin1')
  header.writeUInt32BE(0x200, 12)
  header.write('isommp41', 16, 'latin1')
  // A 64-bit mdat size (size field 1) works for any length, including above 4 GiB.
  header.writeUInt32BE(1, 24)
  header.write('mdat', 28, 'latin1')
  header.writeBigUInt64BE(BigInt(Math.max(size - 24, 16)), 32)
  return header
}

/**
 * Yields `size` deterministic bytes for recording `name`, 64 KiB at a time. Each block carries
 * its index, so a lost, repeated or reordered block changes the SHA-256.
 */
export function* recordingBytes(name, size) {
  const base = baseBlock(name)
  for (let index = 0, offset = 0; offset < size; index++, offset += BLOCK) {
    const chunk = Buffer.from(base)
    chunk.writeBigUInt64BE(BigInt(index), BLOCK - 8)
    if (index === 0) mp4Header(size).copy(chunk, 0)
    yield size - offset < BLOCK ? chunk.subarray(0, size - offset) : chunk
  }
}

/** SHA-256 (hex) of the bytes `recordingBytes(name, size)` yields. */
export function recordingSha256(name, size) {
  const hash = createHash('sha256')
  for (const chunk of recordingBytes(name, size)) hash.update(chunk)
  return hash.digest('hex')
}

/**
 * Starts the origin. Paths: `/sample.mp4`, `/sample.jpg`, `/recordings/<bytes>/<name>` with
 * query switches `fail=N` (first N requests answer 503), `short=K` (promise the size, send K
 * bytes, drop the connection), `chunked=1` (no Content-Length), `status=NNN`, `redirect=<url>`;
 * `/__hits/<path>` counts requests to a path, `/__sha256/recordings/<bytes>/<name>` hashes one.
 */
export function startOrigin({ port = 0, host = '127.0.0.1' } = {}) {
  const hits = new Map()
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://origin.local')
    if (url.pathname.startsWith('/__hits/')) {
      const path = url.pathname.slice('/__hits'.length)
      return json(response, 200, { path, hits: hits.get(path) ?? 0 })
    }
    if (url.pathname.startsWith('/__sha256/recordings/')) {
      const { size, name } = recordingPath(url.pathname.slice('/__sha256'.length)) ?? {}
      if (size === undefined) return json(response, 404, { error: 'no such recording' })
      return json(response, 200, { size, sha256: recordingSha256(name, size) })
    }
    const count = (hits.get(url.pathname) ?? 0) + 1
    hits.set(url.pathname, count)
    serve(request, response, url, count).catch(() => response.destroy())
  })

  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      const address = server.address()
      const url = `http://${host}:${address.port}`
      const stop = () =>
        new Promise((done) => {
          server.closeAllConnections()
          server.close(() => done())
        })
      resolve({ url, port: address.port, hits: (path) => hits.get(path) ?? 0, stop })
    })
  })
}

async function serve(request, response, url, count) {
  const query = url.searchParams
  if (query.has('redirect')) {
    response.writeHead(302, { location: query.get('redirect') }).end()
    return
  }
  if (query.has('status')) {
    response.writeHead(Number(query.get('status')), { 'content-type': 'text/plain' })
    response.end(`status ${query.get('status')} as asked\n`)
    return
  }
  if (count <= Number(query.get('fail') ?? 0)) {
    response.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' })
    response.end(`failing request ${count} as asked\n`)
    return
  }

  if (url.pathname === '/sample.jpg') {
    response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': THUMBNAIL.length })
    response.end(request.method === 'HEAD' ? undefined : THUMBNAIL)
    return
  }
  const recording =
    url.pathname === '/sample.mp4'
      ? { name: 'sample.mp4', size: SAMPLE_BYTES }
      : recordingPath(url.pathname)
  if (!recording) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('no such file\n')
    return
  }

  const headers = { 'content-type': 'video/mp4' }
  if (!query.has('chunked')) headers['content-length'] = recording.size
  response.writeHead(200, headers)
  if (request.method === 'HEAD') return void response.end()
  const short = query.has('short') ? Number(query.get('short')) : undefined
  await send(response, recordingBytes(recording.name, short ?? recording.size), short !== undefined)
}

/** Writes chunks with backpressure; `drop` ends with a dropped connection instead of a clean end. */
async function send(response, chunks, drop) {
  for (const chunk of chunks) {
    if (response.destroyed) return
    if (!response.write(chunk)) {
      await new Promise((resume) => {
        const done = () => {
          response.off('drain', done)
          response.off('close', done)
          resume()
        }
        response.on('drain', done)
        response.on('close', done)
      })
    }
  }
  if (drop) response.write('', () => response.socket?.destroy())
  else response.end()
}

function recordingPath(pathname) {
  const match = /^\/recordings\/(\d+)\/([^/]+)$/.exec(pathname)
  return match ? { size: Number(match[1]), name: decodeURIComponent(match[2]) } : undefined
}

function json(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

// Run alone: `node scripts/origin.mjs` (ORIGIN_PORT picks the port; default any free one).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const origin = await startOrigin({ port: Number(process.env.ORIGIN_PORT ?? 0) })
  console.log(`origin listening on ${origin.url}`)
  console.log(`  recording  ${origin.url}/sample.mp4 (${SAMPLE_BYTES} bytes)`)
  console.log(`  thumbnail  ${origin.url}/sample.jpg`)
  console.log('allow it with ARCHIVE_SOURCE_HOSTS=127.0.0.1 in .dev.vars')
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.on(signal, () => origin.stop().then(() => process.exit(0)))
}
