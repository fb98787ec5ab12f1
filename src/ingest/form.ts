/** application/x-www-form-urlencoded decoding that honours the declared charset. */

const AMP = 0x26
const EQUALS = 0x3d
const PLUS = 0x2b
const PERCENT = 0x25

/**
 * Decodes a form body byte by byte: URLSearchParams only knows UTF-8, but a Korean sender may
 * percent-encode EUC-KR, so bytes are un-escaped first and decoded with the declared charset.
 * A repeated name keeps its last value.
 */
export function decodeForm(bytes: Uint8Array, decoder: TextDecoder): Record<string, string> {
  const fields: Record<string, string> = {}
  let start = 0
  while (start <= bytes.length) {
    let end = bytes.indexOf(AMP, start)
    if (end === -1) end = bytes.length
    if (end > start) {
      const pair = bytes.subarray(start, end)
      const split = pair.indexOf(EQUALS)
      const name = unescape(split === -1 ? pair : pair.subarray(0, split), decoder)
      const value = split === -1 ? '' : unescape(pair.subarray(split + 1), decoder)
      if (name) fields[name] = value
    }
    start = end + 1
  }
  return fields
}

function unescape(part: Uint8Array, decoder: TextDecoder): string {
  const out = new Uint8Array(part.length)
  let length = 0
  for (let i = 0; i < part.length; i++) {
    const byte = part[i]!
    const hex = byte === PERCENT ? hexByte(part[i + 1], part[i + 2]) : -1
    if (hex >= 0) {
      out[length++] = hex
      i += 2
    } else {
      out[length++] = byte === PLUS ? 0x20 : byte
    }
  }
  return decoder.decode(out.subarray(0, length))
}

function hexByte(high: number | undefined, low: number | undefined): number {
  const h = hexDigit(high)
  const l = hexDigit(low)
  return h < 0 || l < 0 ? -1 : h * 16 + l
}

function hexDigit(code: number | undefined): number {
  if (code === undefined) return -1
  if (code >= 0x30 && code <= 0x39) return code - 0x30
  const lower = code | 0x20
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1
}
