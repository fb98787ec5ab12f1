import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { PART_SIZE, partSizeFor, partsOf, storeStream } from '../../src/archive/upload'
import { ORIGIN, originSha256, sha256Of } from './helpers'

const MiB = 1024 * 1024

function store(key: string, body: ReadableStream<Uint8Array>, expectedSize: number | null) {
  return storeStream({
    bucket: env.ARCHIVE!,
    key,
    body,
    expectedSize,
    contentType: 'video/mp4',
    customMetadata: { event_id: 'evt_test' },
    signal: AbortSignal.timeout(30_000),
    singlePutLimit: 5 * MiB,
    partSize: 5 * MiB,
  })
}

function bytes(...sizes: number[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      sizes.forEach((size, index) => controller.enqueue(new Uint8Array(size).fill(index + 1)))
      controller.close()
    },
  })
}

describe('storing a stream in R2', { timeout: 60_000 }, () => {
  it('uses a multipart upload above the single-put limit and keeps every byte in order', async () => {
    const url = `${ORIGIN}/recordings/${12 * MiB + 7}/upload-${crypto.randomUUID()}.mp4`
    const key = `test/upload/${crypto.randomUUID()}.mp4`

    const stored = await store(key, (await fetch(url)).body!, 12 * MiB + 7)

    expect(stored).toMatchObject({ size: 12 * MiB + 7, multipart: true })
    const object = await env.ARCHIVE!.get(key)
    expect(object?.httpMetadata?.contentType).toBe('video/mp4')
    expect(object?.customMetadata).toEqual({ event_id: 'evt_test' })
    expect(await sha256Of(object!.body)).toBe(await originSha256(url))
  })

  it('aborts the multipart upload when fewer bytes arrive than promised', async () => {
    const key = `test/upload/${crypto.randomUUID()}.mp4`

    await expect(store(key, bytes(6 * MiB, MiB), 8 * MiB)).rejects.toThrow(
      `the source sent ${7 * MiB} of ${8 * MiB} bytes`
    )
    expect(await env.ARCHIVE!.head(key)).toBeNull()
  })

  it('refuses a single put whose body ends early, leaving no object', async () => {
    const key = `test/upload/${crypto.randomUUID()}.mp4`

    await expect(store(key, bytes(1000), 2000)).rejects.toThrow()
    expect(await env.ARCHIVE!.head(key)).toBeNull()
  })

  it('refuses a single put whose body runs long, leaving no object', async () => {
    const key = `test/upload/${crypto.randomUUID()}.mp4`

    await expect(store(key, bytes(1000, 1001), 2000)).rejects.toThrow()
    expect(await env.ARCHIVE!.head(key)).toBeNull()
  })

  it('stores an empty body of unknown size as an empty object', async () => {
    const key = `test/upload/${crypto.randomUUID()}.mp4`

    expect(await store(key, bytes(), null)).toMatchObject({ size: 0, multipart: false })
    expect((await env.ARCHIVE!.head(key))?.size).toBe(0)
  })
})

describe('multipart parts', () => {
  it('cuts chunks of any size into equal parts with a shorter last one', async () => {
    const parts: number[][] = []
    for await (const part of partsOf(bytes(3, 10, 1, 5), 4)) parts.push([...part])

    expect(parts).toEqual([
      [1, 1, 1, 2],
      [2, 2, 2, 2],
      [2, 2, 2, 2],
      [2, 3, 4, 4],
      [4, 4, 4],
    ])
  })

  it('sizes parts so any file fits in 10,000 of them', () => {
    expect(partSizeFor(null)).toBe(PART_SIZE)
    expect(partSizeFor(50 * MiB)).toBe(PART_SIZE)
    expect(partSizeFor(200 * 1024 * MiB)).toBe(21 * MiB)
  })
})
