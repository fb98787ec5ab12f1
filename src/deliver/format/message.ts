/** What every chat format shows of a recording, read once from the event envelope. */
import type { EventEnvelope } from '../types'

/** Extra links a message may carry: the signed link to the archived copy, when there is one. */
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
