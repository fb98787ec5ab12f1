/** Detects which Livecast event a set of request fields is, and normalises it with zod. */
import { z } from 'zod'
import type { Issue } from '../http/errors'
import type { LivecastEvent, Warning } from './event'
import { Bytes, HttpUrl, Identifier, isBlank, Seconds } from './values'

/** Request fields after parsing: body fields merged over query fields. */
export type Fields = Record<string, unknown>

/** The outcome of normalising: an event with warnings, or the issues that reject it. */
export type Normalised =
  | { ok: true; event: LivecastEvent; warnings: Warning[] }
  | { ok: false; message: string; issues: Issue[] }

const RecordingRequired = z.object({ id: Identifier, url: HttpUrl })
const RECORDING_OPTIONAL = { filesize: Bytes, duration: Seconds, thumbnail: HttpUrl }

const ChannelRequired = z.object({
  chid: Identifier,
  action: z
    .string({ error: 'must be a string' })
    .transform((action) => action.trim().toLowerCase())
    .pipe(z.enum(['create', 'close'], { error: 'must be "create" or "close"' })),
})

const RECORDING_FIELDS = ['id', 'url', 'filesize', 'duration', 'thumbnail']

/** Turns request fields into one Livecast event, or says precisely why it cannot. */
export function normalise(fields: Fields): Normalised {
  const present = (name: string) => !isBlank(fields[name])

  if (present('url') || (present('id') && !present('chid') && !present('action'))) {
    return normaliseRecording(fields)
  }
  if (present('chid') || present('action')) return normaliseChannel(fields)
  if (RECORDING_FIELDS.some(present)) return normaliseRecording(fields)

  return {
    ok: false,
    message: 'Not a Livecast event: expected `id` and `url` (recording) or `chid` and `action`.',
    issues: [
      { field: 'url', message: 'required for a recording event' },
      { field: 'chid', message: 'required for a channel event' },
    ],
  }
}

function normaliseRecording(fields: Fields): Normalised {
  const picked = blankToUndefined(fields, ['id', 'url'])
  const required = RecordingRequired.safeParse(picked)
  if (!required.success) return rejected('recording', required.error, picked)

  const warnings: Warning[] = [...channelIdHints(required.data.id)]
  const optional: Record<keyof typeof RECORDING_OPTIONAL, unknown> = {
    filesize: null,
    duration: null,
    thumbnail: null,
  }
  for (const [field, schema] of Object.entries(RECORDING_OPTIONAL)) {
    if (isBlank(fields[field])) continue
    const parsed = schema.safeParse(fields[field])
    if (parsed.success) optional[field as keyof typeof optional] = parsed.data
    else warnings.push({ field, message: `dropped: ${parsed.error.issues[0]?.message}` })
  }

  const channel_id = required.data.id
  const data = { channel_id, url: required.data.url, ...optional } as never
  return { ok: true, event: { type: 'recording.completed', channel_id, data }, warnings }
}

function normaliseChannel(fields: Fields): Normalised {
  const picked = blankToUndefined(fields, ['chid', 'action'])
  const parsed = ChannelRequired.safeParse(picked)
  if (!parsed.success) return rejected('channel', parsed.error, picked)

  const { chid: channel_id, action } = parsed.data
  const type = action === 'create' ? 'channel.created' : 'channel.closed'
  const warnings = channelIdHints(channel_id)
  return { ok: true, event: { type, channel_id, data: { channel_id, action } }, warnings }
}

function blankToUndefined(fields: Fields, names: string[]): Fields {
  const picked: Fields = {}
  for (const name of names) picked[name] = isBlank(fields[name]) ? undefined : fields[name]
  return picked
}

// "required" is decided from the input, not the zod issue: a union reports a missing value as
// `invalid_union` with its own message, which would hide that the field is simply absent.
function rejected(kind: string, error: z.ZodError, picked: Fields): Normalised {
  const issues = error.issues.map((issue) => {
    const field = issue.path.join('.') || kind
    const missing = issue.path.length === 1 && picked[String(issue.path[0])] === undefined
    return { field, message: missing ? 'required' : issue.message }
  })
  const names = issues.map((issue) => `\`${issue.field}\``).join(', ')
  return { ok: false, message: `Invalid ${kind} event: check ${names}.`, issues }
}

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/
const FORBIDDEN = /[:;*$`]/
// Control characters and lone surrogates: kept, but an operator should know they are there.
const UNPRINTABLE =
  /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** RemoteMonster's own channel-id rules; broken ones are kept, with a warning. */
function channelIdHints(channelId: string): Warning[] {
  const hints: Warning[] = []
  const length = [...channelId].length
  if (length < 4 || length > 1024) hints.push(hint('is outside 4–1024 characters'))
  if (HANGUL.test(channelId)) hints.push(hint('contains Hangul'))
  if (FORBIDDEN.test(channelId)) hints.push(hint('contains one of : ; * $ `'))
  if (UNPRINTABLE.test(channelId)) hints.push(hint('contains control characters or broken UTF-16'))
  return hints
}

function hint(message: string): Warning {
  return { field: 'channel_id', message: `${message}, which RemoteMonster does not issue` }
}
