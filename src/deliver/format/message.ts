/** What every chat format shows of a recording, read once from the event envelope. */
import { recordingIdFor } from '../../store/ids'
import type { EventEnvelope } from '../types'

/** Extra links a message may carry, e.g. the archived copy when PUBLIC_BASE_URL is set. */
export interface MessageLinks {
  archive?: string
}

/** A recording's displayable facts; the thumbnail only when it is https (chat apps fetch it). */
export interface RecordingFacts {
  url: string
  duration: number | null
  filesize: number | null
  thumbnail: string | null
}

/** Reads the recording fields of an envelope, dropping an insecure thumbnail. */
export function describeRecording(event: EventEnvelope): RecordingFacts {
  const data = event.data
  const thumbnail = typeof data.thumbnail === 'string' ? data.thumbnail : null
  return {
    url: String(data.url),
    duration: typeof data.duration === 'number' ? data.duration : null,
    filesize: typeof data.filesize === 'number' ? data.filesize : null,
    thumbnail: thumbnail?.startsWith('https://') ? thumbnail : null,
  }
}

/** The archived-copy link for a recording event, when the worker knows its public URL. */
export function archiveLink(baseUrl: string | undefined, eventId: string): string | undefined {
  if (!baseUrl) return undefined
  return `${baseUrl.replace(/\/+$/, '')}/api/recordings/${recordingIdFor(eventId)}/file`
}
