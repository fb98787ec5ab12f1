/** Opaque page cursors over (time, id), newest first, so pages never skip or repeat a row. */
import { AppError } from '../http/errors'

/** The position after which the next page starts: the last row's sort time and id. */
export interface Cursor {
  at: number
  id: string
}

/** Encodes a position as base64url JSON; clients treat it as an opaque string. */
export function encodeCursor(cursor: Cursor): string {
  const bytes = new TextEncoder().encode(JSON.stringify([cursor.at, cursor.id]))
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Decodes a cursor made by `encodeCursor`; anything else is a 400 naming the `cursor` field. */
export function decodeCursor(text: string): Cursor {
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0))
    const value: unknown = JSON.parse(
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
    )
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      typeof value[1] === 'string'
    ) {
      return { at: value[0], id: value[1] }
    }
  } catch {
    // Falls through to the same answer as a well-formed but wrong cursor.
  }
  throw new AppError(400, 'invalid_cursor', 'cursor: not a cursor returned by this API', [
    { field: 'cursor', message: 'not a cursor returned by this API' },
  ])
}
