/** Where a recording and its thumbnail live in R2: `recordings/<channel>/<yyyy-mm-dd>/<file>`. */

// Encoded segments longer than this are cut and suffixed with a hash, keeping keys far below
// R2's 1024-byte limit whatever the channel id (up to 1024 characters) or file name.
const MAX_SEGMENT = 200
const encoder = new TextEncoder()

/** The R2 keys of one recording: the MP4 and, when the event names one, its thumbnail. */
export interface ArchiveKeys {
  recording: string
  thumbnail: string | null
}

/** What the keys are derived from: the event's channel, time and source URLs. */
export interface KeySource {
  channelId: string
  receivedAt: string
  url: string
  thumbnail: string | null
}

/**
 * Derives the keys. The file name is the URL's last path segment with a short hash of the whole
 * URL before its extension, because RemoteMonster names files after the channel, so two
 * broadcasts on one channel and day would otherwise share a key. Same input, same keys, so a
 * retry or replay overwrites its own object and never makes a second one.
 */
export async function archiveKeys(source: KeySource): Promise<ArchiveKeys> {
  const day = new Date(source.receivedAt).toISOString().slice(0, 10)
  const folder = `recordings/${await keySegment(source.channelId)}/${day}`
  const { stem, extension } = splitName(lastPathSegment(source.url) || 'recording')
  const hash = (await sha256Hex(source.url)).slice(0, 12)
  const base = `${folder}/${await keySegment(`${stem}-${hash}`)}`
  // Extensions are already safe: a dot and 1-8 lowercase letters or digits.
  const recording = `${base}${extension}`
  if (!source.thumbnail) return { recording, thumbnail: null }
  const thumbnailExtension = splitName(lastPathSegment(source.thumbnail)).extension || '.jpg'
  return { recording, thumbnail: `${base}.thumbnail${thumbnailExtension}` }
}

/**
 * Makes one key segment out of untrusted text, injectively: letters, digits, `_`, `-` and inner
 * dots stay; every other byte (including `/`, `%`, `~` and a leading dot, so no `.` or `..`
 * segment) becomes `%XX`. Over-long results are cut and end in `~` plus a hash of the input;
 * `~` cannot appear otherwise, so a cut segment never equals an uncut one.
 */
export async function keySegment(text: string): Promise<string> {
  let encoded = ''
  for (const byte of encoder.encode(text)) {
    const char = String.fromCharCode(byte)
    const plain = /[A-Za-z0-9_-]/.test(char) || (char === '.' && encoded !== '')
    encoded += plain ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  if (encoded.length <= MAX_SEGMENT) return encoded
  const cut = encoded.slice(0, MAX_SEGMENT - 18).replace(/%[0-9A-F]?$/, '')
  return `${cut}~${(await sha256Hex(text)).slice(0, 16)}`
}

/** The last non-empty path segment of a URL, percent-decoded when that is valid. */
export function lastPathSegment(url: string): string {
  const segment = (URL.parse(url)?.pathname ?? '').split('/').filter(Boolean).at(-1) ?? ''
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** Splits `name.ext` into stem and extension (`.ext`, 1–8 letters or digits, else none). */
export function splitName(name: string): { stem: string; extension: string } {
  const match = /^(.+?)(\.[A-Za-z0-9]{1,8})$/.exec(name)
  return match
    ? { stem: match[1]!, extension: match[2]!.toLowerCase() }
    : { stem: name, extension: '' }
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text))
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('')
}
