/** The archive delivery: copy a recording and its thumbnail into R2 inside RemoteMonster's window. */
import type { AttemptOutcome, AttemptRunner } from '../deliver/types'
import type { Env } from '../env'
import { log } from '../http/log'
import { copyFile, type CopyResult } from './copy'
import { hostOf, sourceHostPatterns } from './hosts'
import { archiveKeys, splitName, lastPathSegment, type ArchiveKeys } from './key'
import {
  loadArchiveRecording,
  markCopied,
  markEnded,
  notePendingError,
  type ArchiveRecording,
} from './state'

/**
 * Per-attempt limit for the archive. Queue consumers and cron handlers may run for 15 minutes
 * of wall time (waiting on the network costs no CPU time), so an attempt gets 14 of them: enough
 * for several GiB from S3, and it ends before the platform would cut it off unrecorded.
 */
export const ARCHIVE_TIMEOUT_MS = 14 * 60 * 1000

/** RemoteMonster deletes the recording this long after its webhook. */
export const ARCHIVE_WINDOW_MS = 6 * 60 * 60 * 1000

/** A thumbnail is a small image: more than this is not one, and it gets a short time limit. */
const THUMBNAIL_MAX_BYTES = 10 * 1024 * 1024
const THUMBNAIL_TIMEOUT_MS = 30_000

/** R2 allows 8 KiB of custom metadata per object; each value is kept below a third of that. */
const METADATA_VALUE_BYTES = 2048

/**
 * One attempt of an archive delivery. Owns the recording's archive columns: `copied` on success;
 * `failed` when retrying cannot help (host not allowed, 403/404 from the source); `expired`
 * without fetching once the window has passed; still `pending`, with the error, on a retry.
 */
export const runArchive: AttemptRunner = async ({ env, event, signal }) => {
  const recording = await loadArchiveRecording(env.DB, event.id)
  if (!recording) return { result: 'dead', error: `event ${event.id} reported no recording` }
  const bucket = env.ARCHIVE
  if (!bucket) return end(env, recording, 'failed', 'no R2 bucket is bound as ARCHIVE')

  const keys = await archiveKeys({
    channelId: recording.channel_id,
    receivedAt: new Date(recording.received_at).toISOString(),
    url: recording.url,
    thumbnail: recording.thumbnail,
  })
  const hosts = sourceHostPatterns(env.ARCHIVE_SOURCE_HOSTS)

  // An earlier attempt may have stored the file and then failed to say so: R2 only shows an
  // object once a put or multipart upload completed, so a matching object is a finished copy.
  const existing = await bucket.head(keys.recording)
  if (existing && isCopyOf(existing, recording)) {
    return finish(env, bucket, recording, keys, existing, hosts, signal)
  }
  if (Date.now() > recording.received_at + ARCHIVE_WINDOW_MS) {
    const error = 'not fetched: RemoteMonster deletes recordings 6 hours after the webhook'
    return end(env, recording, 'expired', error)
  }

  const copy = await copyFile({
    bucket,
    key: keys.recording,
    url: recording.url,
    hosts,
    signal,
    announcedSize: recording.filesize,
    extension: splitName(lastPathSegment(recording.url)).extension,
    customMetadata: metadataFor(recording, recording.url),
  })
  if (!copy.ok && copy.retry) {
    await notePendingError(env.DB, recording.id, copy.error)
    const { error, statusCode, excerpt, retryAfterMs } = copy
    return { result: 'retry', error, statusCode, excerpt, retryAfterMs }
  }
  if (!copy.ok) return end(env, recording, 'failed', copy.error, copy)
  return finish(env, bucket, recording, keys, copy, hosts, signal)
}

/**
 * Ends an archive whose delivery ran out of attempts: `expired` when the 6-hour window has
 * passed, otherwise `failed` with the last error. A recording already copied stays copied.
 */
export async function markArchiveExhausted(env: Env, eventId: string, error: string) {
  const recording = await loadArchiveRecording(env.DB, eventId)
  if (!recording) return
  const expired = Date.now() > recording.received_at + ARCHIVE_WINDOW_MS
  await markEnded(env.DB, recording.id, expired ? 'expired' : 'failed', error)
}

async function finish(
  env: Env,
  bucket: R2Bucket,
  recording: ArchiveRecording,
  keys: ArchiveKeys,
  stored: { size: number; etag: string; multipart?: boolean },
  hosts: string[],
  signal: AbortSignal
): Promise<AttemptOutcome> {
  const thumbnailKey = await copyThumbnail(bucket, recording, keys.thumbnail, hosts, signal)
  const { size, etag } = stored
  await markCopied(env.DB, recording.id, { key: keys.recording, size, etag, thumbnailKey })
  log.info({
    msg: 'archive.copied',
    event_id: recording.event_id,
    recording_id: recording.id,
    key: keys.recording,
    bytes: size,
    multipart: stored.multipart ?? null,
    thumbnail: thumbnailKey !== null,
    source_host: hostOf(recording.url),
  })
  return { result: 'succeeded' }
}

/** Best effort: a thumbnail that cannot be copied is logged and left out, never a failed archive. */
async function copyThumbnail(
  bucket: R2Bucket,
  recording: ArchiveRecording,
  key: string | null,
  hosts: string[],
  signal: AbortSignal
): Promise<string | null> {
  if (!recording.thumbnail || !key) return null
  const existing = await bucket.head(key)
  if (existing?.customMetadata?.source_url === clamp(recording.thumbnail)) return key

  const result = await copyFile({
    bucket,
    key,
    url: recording.thumbnail,
    hosts,
    signal: AbortSignal.any([signal, AbortSignal.timeout(THUMBNAIL_TIMEOUT_MS)]),
    announcedSize: null,
    extension: splitName(lastPathSegment(recording.thumbnail)).extension || '.jpg',
    customMetadata: metadataFor(recording, recording.thumbnail),
    maxSize: THUMBNAIL_MAX_BYTES,
  })
  if (result.ok) return key
  log.warn({ msg: 'archive.thumbnail_skipped', recording_id: recording.id, error: result.error })
  return null
}

async function end(
  env: Env,
  recording: ArchiveRecording,
  state: 'failed' | 'expired',
  error: string,
  answer?: Extract<CopyResult, { ok: false }>
): Promise<AttemptOutcome> {
  await markEnded(env.DB, recording.id, state, error)
  log.warn({ msg: `archive.${state}`, recording_id: recording.id, error })
  return { result: 'dead', error, statusCode: answer?.statusCode, excerpt: answer?.excerpt }
}

function isCopyOf(object: R2Object, recording: ArchiveRecording): boolean {
  if (object.customMetadata?.source_url !== clamp(recording.url)) return false
  return recording.filesize === null || object.size === recording.filesize
}

function metadataFor(recording: ArchiveRecording, sourceUrl: string): Record<string, string> {
  return {
    source_url: clamp(sourceUrl),
    event_id: recording.event_id,
    channel_id: clamp(recording.channel_id),
  }
}

/** Cuts a metadata value to METADATA_VALUE_BYTES of UTF-8 without splitting a character. */
function clamp(text: string): string {
  const bytes = new TextEncoder().encode(text)
  if (bytes.byteLength <= METADATA_VALUE_BYTES) return text
  return new TextDecoder().decode(bytes.subarray(0, METADATA_VALUE_BYTES)).replace(/\uFFFD$/, '')
}
