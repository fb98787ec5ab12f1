// End to end: the worker runs as users run it (wrangler dev, local D1 + Queue + R2); recordings
// come from the local origin on 127.0.0.1; checks read R2 back through the file endpoint.
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWorker, type LocalWorker } from '../../scripts/lib/local-worker.mjs'
import { recordingSha256, startOrigin } from '../../scripts/origin.mjs'

const TOKEN = 'e2e-archive-ingest'
const ADMIN = 'e2e-archive-admin'
const SIZE = 3 * 1024 * 1024 + 5
let origin: Awaited<ReturnType<typeof startOrigin>>
let worker: LocalWorker

beforeAll(async () => {
  origin = await startOrigin()
  worker = await startWorker({
    vars: { ARCHIVE_SOURCE_HOSTS: '127.0.0.1' },
    secrets: { INGEST_TOKEN: TOKEN, ADMIN_TOKEN: ADMIN },
  })
})

afterAll(async () => {
  worker?.stop()
  await origin?.stop()
})

async function postRecording(path: string, extra: object = {}) {
  const channel = `e2e-${crypto.randomUUID().slice(0, 8)}`
  const response = await fetch(`${worker.url}/hooks/${TOKEN}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: channel, url: `${origin.url}${path}`, ...extra }),
  })
  expect(response.status).toBe(200)
  const { event_id } = (await response.json()) as { event_id: string }
  return event_id.replace(/^evt_/, 'rec_')
}

function file(recordingId: string, headers: Record<string, string> = {}) {
  return fetch(`${worker.url}/api/recordings/${recordingId}/file`, {
    headers: { authorization: `Bearer ${ADMIN}`, ...headers },
  })
}

async function archiveState(recordingId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const [row] = await worker.query<{ archive_state: string; archive_error: string | null }>(
      `SELECT archive_state, archive_error FROM recordings WHERE id = '${recordingId}'`
    )
    if (row && row.archive_state !== 'pending') return row
    if (Date.now() > deadline) throw new Error(`archive of ${recordingId} still pending`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

describe('archive through wrangler dev', () => {
  it('copies a webhook recording and its thumbnail into R2 and serves byte ranges', async () => {
    const name = `e2e-${crypto.randomUUID().slice(0, 8)}.mp4`
    const path = `/recordings/${SIZE}/${name}`
    const recordingId = await postRecording(path, {
      filesize: String(SIZE),
      thumbnail: `${origin.url}/sample.jpg`,
    })

    expect(await archiveState(recordingId)).toEqual({
      archive_state: 'copied',
      archive_error: null,
    })
    const [row] = await worker.query<Record<string, unknown>>(
      `SELECT r.archive_size, r.archive_thumbnail_key, d.status, d.attempts
       FROM recordings r JOIN deliveries d ON d.event_id = r.event_id AND d.kind = 'archive'
       WHERE r.id = '${recordingId}'`
    )
    expect(row).toMatchObject({ archive_size: SIZE, status: 'succeeded', attempts: 1 })
    expect(row!.archive_thumbnail_key).toMatch(/\.thumbnail\.jpg$/)
    expect(origin.hits(path)).toBe(1)

    const whole = await file(recordingId)
    expect(whole.status).toBe(200)
    expect(whole.headers.get('content-length')).toBe(String(SIZE))
    const bytes = Buffer.from(await whole.arrayBuffer())
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(recordingSha256(name, SIZE))

    const range = await file(recordingId, { range: 'bytes=1048570-1048589' })
    expect(range.status).toBe(206)
    expect(range.headers.get('content-range')).toBe(`bytes 1048570-1048589/${SIZE}`)
    expect(Buffer.from(await range.arrayBuffer())).toEqual(bytes.subarray(1048570, 1048590))
  })

  it('marks the archive failed with the reason when the origin answers 404', async () => {
    const recordingId = await postRecording(`/recordings/1024/e2e-gone.mp4?status=404`)

    const row = await archiveState(recordingId)

    expect(row.archive_state).toBe('failed')
    expect(row.archive_error).toMatch(/answered HTTP 404: the recording is gone from the source$/)
    expect((await file(recordingId)).status).toBe(404)
  })
})
