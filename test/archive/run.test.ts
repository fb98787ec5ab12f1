import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { markArchiveExhausted } from '../../src/archive/run'
import { runDeliveries } from '../../src/deliver/run'
import {
  archiveColumns,
  attemptArchive,
  ingestRecording,
  ORIGIN,
  ORIGIN_ENV,
  originFile,
  originHits,
  originSha256,
  sha256Of,
} from './helpers'

const MiB = 1024 * 1024
const HOUR = 60 * 60 * 1000

// Large copies through the local origin and R2 take seconds on a busy 2-core machine.
describe('archive attempt', { timeout: 60_000 }, () => {
  it('copies a 50 MiB recording byte for byte, with metadata, and marks it copied', async () => {
    const name = `big-${crypto.randomUUID().slice(0, 8)}`
    const url = originFile(50 * MiB, name)
    const thumbnail = `${ORIGIN}/sample.jpg`
    const { eventId, recordingId, channel } = await ingestRecording({
      url,
      filesize: 50 * MiB,
      thumbnail,
    })
    expect((await archiveColumns(recordingId)).archive_state).toBe('pending')

    expect(await attemptArchive(eventId)).toEqual({ result: 'succeeded' })

    const row = await archiveColumns(recordingId)
    expect(row.archive_state).toBe('copied')
    expect(row.archive_size).toBe(50 * MiB)
    expect(row.archive_error).toBeNull()
    expect(row.archived_at).toBeGreaterThan(Date.now() - 60_000)
    const day = new Date().toISOString().slice(0, 10)
    expect(row.archive_key).toMatch(
      new RegExp(`^recordings/${channel}/${day}/${name}-[0-9a-f]{12}\\.mp4$`)
    )

    const object = await env.ARCHIVE!.get(row.archive_key!)
    expect(object?.size).toBe(50 * MiB)
    expect(object?.etag).toBe(row.archive_etag)
    expect(object?.httpMetadata?.contentType).toBe('video/mp4')
    expect(object?.customMetadata).toEqual({
      source_url: url,
      event_id: eventId,
      channel_id: channel,
    })
    expect(await sha256Of(object!.body)).toBe(await originSha256(url))

    expect(row.archive_thumbnail_key).toBe(row.archive_key!.replace(/\.mp4$/, '.thumbnail.jpg'))
    const thumb = await env.ARCHIVE!.head(row.archive_thumbnail_key!)
    expect(thumb?.size).toBe(1249)
    expect(thumb?.httpMetadata?.contentType).toBe('image/jpeg')
    expect(thumb?.customMetadata?.source_url).toBe(thumbnail)
  })

  it('retries while the origin fails, then archives exactly once', async () => {
    const url = originFile(3 * MiB, `flaky-${crypto.randomUUID().slice(0, 8)}`, '?fail=2')
    const { eventId, recordingId } = await ingestRecording({ url, filesize: 3 * MiB })

    for (const _ of [1, 2]) {
      const outcome = await attemptArchive(eventId)
      expect(outcome).toMatchObject({ result: 'retry', statusCode: 503, retryAfterMs: 1000 })
      const row = await archiveColumns(recordingId)
      expect(row.archive_state).toBe('pending')
      expect(row.archive_error).toMatch(/^source 127\.0\.0\.1:\d+ answered HTTP 503$/)
    }
    expect(await attemptArchive(eventId)).toEqual({ result: 'succeeded' })
    const row = await archiveColumns(recordingId)
    expect(row).toMatchObject({
      archive_state: 'copied',
      archive_size: 3 * MiB,
      archive_error: null,
    })
    expect(await originHits(url)).toBe(3)

    // A replay finds the finished copy instead of fetching again: still one object, one copy.
    expect(await attemptArchive(eventId)).toEqual({ result: 'succeeded' })
    expect(await originHits(url)).toBe(3)
    const prefix = row.archive_key!.replace(/[^/]+$/, '')
    const listed = await env.ARCHIVE!.list({ prefix })
    expect(listed.objects.map((object) => object.key)).toEqual([row.archive_key])
  })

  it('retries a copy the origin cuts short and never marks it copied', async () => {
    const url = originFile(5 * MiB, `short-${crypto.randomUUID().slice(0, 8)}`, '?short=1048576')
    const { eventId, recordingId } = await ingestRecording({ url, filesize: 5 * MiB })

    const outcome = await attemptArchive(eventId)

    expect(outcome.result).toBe('retry')
    const row = await archiveColumns(recordingId)
    expect(row.archive_state).toBe('pending')
    expect(row.archive_key).toBeNull()
    expect(row.archive_error).toMatch(/^copy from 127\.0\.0\.1:\d+ broken off: /)
    const listed = await env.ARCHIVE!.list({ prefix: `recordings/${row.archive_key ?? ''}` })
    expect(listed.objects.some((object) => object.customMetadata?.event_id === eventId)).toBe(false)
  })

  it('retries a chunked copy cut short, without leaving an object behind', async () => {
    const name = `chunked-short-${crypto.randomUUID().slice(0, 8)}`
    const url = originFile(12 * MiB, name, '?chunked=1&short=11534336')
    const { eventId, recordingId, channel } = await ingestRecording({ url })

    expect((await attemptArchive(eventId)).result).toBe('retry')

    expect((await archiveColumns(recordingId)).archive_state).toBe('pending')
    const listed = await env.ARCHIVE!.list({ prefix: `recordings/${channel}/` })
    expect(listed.objects).toEqual([])
  })

  it('copies a chunked recording of unknown size through a multipart upload', async () => {
    const url = originFile(
      25 * MiB + 123,
      `chunked-${crypto.randomUUID().slice(0, 8)}`,
      '?chunked=1'
    )
    const { eventId, recordingId } = await ingestRecording({ url })

    expect(await attemptArchive(eventId)).toEqual({ result: 'succeeded' })

    const row = await archiveColumns(recordingId)
    expect(row).toMatchObject({ archive_state: 'copied', archive_size: 25 * MiB + 123 })
    const object = await env.ARCHIVE!.get(row.archive_key!)
    expect(await sha256Of(object!.body)).toBe(await originSha256(url))
  })

  it('retries when the source size differs from the webhook filesize', async () => {
    const url = originFile(2 * MiB, `mismatch-${crypto.randomUUID().slice(0, 8)}`)
    const { eventId, recordingId } = await ingestRecording({ url, filesize: 2 * MiB + 1 })

    const outcome = await attemptArchive(eventId)

    expect(outcome).toMatchObject({
      result: 'retry',
      error: `source Content-Length ${2 * MiB} differs from the webhook's filesize ${2 * MiB + 1}`,
    })
    expect((await archiveColumns(recordingId)).archive_state).toBe('pending')
  })

  it('marks the archive failed with the reason when the origin answers 404', async () => {
    const url = originFile(MiB, `gone-${crypto.randomUUID().slice(0, 8)}`, '?status=404')
    const { eventId, recordingId } = await ingestRecording({ url })

    const outcome = await attemptArchive(eventId)

    expect(outcome).toMatchObject({ result: 'dead', statusCode: 404 })
    const row = await archiveColumns(recordingId)
    expect(row.archive_state).toBe('failed')
    expect(row.archive_error).toMatch(
      /^source 127\.0\.0\.1:\d+ answered HTTP 404: the recording is gone from the source$/
    )
  })

  it('marks a recording older than 6 hours expired without fetching it', async () => {
    const url = originFile(MiB, `old-${crypto.randomUUID().slice(0, 8)}`)
    const { eventId, recordingId } = await ingestRecording({ url })
    await env.DB.prepare('UPDATE recordings SET received_at = ?2 WHERE id = ?1')
      .bind(recordingId, Date.now() - 6 * HOUR - 60_000)
      .run()

    const outcome = await attemptArchive(eventId)

    expect(outcome).toMatchObject({ result: 'dead' })
    const row = await archiveColumns(recordingId)
    expect(row.archive_state).toBe('expired')
    expect(row.archive_error).toBe(
      'not fetched: RemoteMonster deletes recordings 6 hours after the webhook'
    )
    expect(await originHits(url)).toBe(0)
  })

  it('refuses a host outside ARCHIVE_SOURCE_HOSTS without fetching', async () => {
    const url = originFile(MiB, `foreign-${crypto.randomUUID().slice(0, 8)}`)
    const { eventId, recordingId } = await ingestRecording({ url })
    const defaultHosts = { ...ORIGIN_ENV, ARCHIVE_SOURCE_HOSTS: undefined }

    const outcome = await attemptArchive(eventId, defaultHosts)

    expect(outcome).toMatchObject({ result: 'dead' })
    const row = await archiveColumns(recordingId)
    expect(row.archive_state).toBe('failed')
    expect(row.archive_error).toBe(
      `source host ${new URL(ORIGIN).host} is not in ARCHIVE_SOURCE_HOSTS`
    )
    expect(await originHits(url)).toBe(0)
  })

  it('refuses a redirect to a host outside ARCHIVE_SOURCE_HOSTS', async () => {
    const elsewhere = originFile(MiB, `target-${crypto.randomUUID().slice(0, 8)}`).replace(
      '127.0.0.1',
      'localhost'
    )
    const url = originFile(MiB, `hop-${crypto.randomUUID().slice(0, 8)}`, `?redirect=${elsewhere}`)
    const { eventId, recordingId } = await ingestRecording({ url })

    expect((await attemptArchive(eventId)).result).toBe('dead')

    const row = await archiveColumns(recordingId)
    expect(row.archive_error).toBe(
      `source host ${new URL(elsewhere).host} is not in ARCHIVE_SOURCE_HOSTS`
    )
    expect(await originHits(elsewhere)).toBe(0)
  })

  it('treats a timed-out attempt as a retry', async () => {
    const url = originFile(MiB, `slow-${crypto.randomUUID().slice(0, 8)}`)
    const { eventId, recordingId } = await ingestRecording({ url })

    const outcome = await attemptArchive(eventId, ORIGIN_ENV, AbortSignal.abort())

    expect(outcome).toMatchObject({ result: 'retry' })
    expect((await archiveColumns(recordingId)).archive_error).toMatch(/timed out$/)
  })

  it('archives the recording even when its thumbnail cannot be copied', async () => {
    const url = originFile(MiB, `nothumb-${crypto.randomUUID().slice(0, 8)}`)
    const thumbnail = `${ORIGIN}/missing-thumbnail.jpg`
    const { eventId, recordingId } = await ingestRecording({ url, thumbnail })

    expect(await attemptArchive(eventId)).toEqual({ result: 'succeeded' })

    const row = await archiveColumns(recordingId)
    expect(row.archive_state).toBe('copied')
    expect(row.archive_thumbnail_key).toBeNull()
  })
})

describe('archive delivery out of attempts', () => {
  it('goes dead after its last scheduled attempt and settles the recording as failed', async () => {
    const url = originFile(1024, `gone-${crypto.randomUUID().slice(0, 8)}`, '?fail=99')
    const { eventId, recordingId } = await ingestRecording({ url, filesize: 1024 })
    // Eight attempts already failed; the schedule has no wait after the ninth.
    const { id } = (await env.DB.prepare(
      `UPDATE deliveries SET attempts = 8, status = 'failed', next_attempt_at = 0
       WHERE event_id = ?1 AND kind = 'archive' RETURNING id`
    )
      .bind(eventId)
      .first<{ id: string }>())!

    const results = await runDeliveries(ORIGIN_ENV, [id])

    expect(results.get(id)).toEqual({ state: 'done' })
    const delivery = await env.DB.prepare('SELECT status, attempts FROM deliveries WHERE id = ?1')
      .bind(id)
      .first()
    expect(delivery).toEqual({ status: 'dead', attempts: 9 })
    const row = await archiveColumns(recordingId)
    expect(row.archive_state).toBe('failed')
    expect(row.archive_error).toMatch(/HTTP 503/)
  })
})

describe('markArchiveExhausted', () => {
  it('ends a pending archive as failed with the last error', async () => {
    const url = originFile(MiB, `tired-${crypto.randomUUID().slice(0, 8)}`)
    const { eventId, recordingId } = await ingestRecording({ url })

    await markArchiveExhausted(env, eventId, 'gave up after 9 attempts: HTTP 503')

    expect(await archiveColumns(recordingId)).toMatchObject({
      archive_state: 'failed',
      archive_error: 'gave up after 9 attempts: HTTP 503',
    })
  })

  it('ends it as expired once the 6-hour window has passed', async () => {
    const url = originFile(MiB, `late-${crypto.randomUUID().slice(0, 8)}`)
    const { eventId, recordingId } = await ingestRecording({ url })
    await env.DB.prepare('UPDATE recordings SET received_at = ?2 WHERE id = ?1')
      .bind(recordingId, Date.now() - 7 * HOUR)
      .run()

    await markArchiveExhausted(env, eventId, 'gave up')

    expect((await archiveColumns(recordingId)).archive_state).toBe('expired')
  })

  it('leaves a copied archive copied', async () => {
    const url = originFile(MiB, `done-${crypto.randomUUID().slice(0, 8)}`)
    const { eventId, recordingId } = await ingestRecording({ url })
    expect(await attemptArchive(eventId)).toEqual({ result: 'succeeded' })

    await markArchiveExhausted(env, eventId, 'late report')

    expect(await archiveColumns(recordingId)).toMatchObject({
      archive_state: 'copied',
      archive_error: null,
    })
  })
})
