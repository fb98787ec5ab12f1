/** Content-Type parsing: essence compared case-insensitively, parameters other than charset ignored. */

/** A parsed media type; `essence` is lower-case `type/subtype`, empty when absent. */
export interface MediaType {
  essence: string
  charset: string
}

/** Parses a Content-Type header value; a missing header yields an empty essence and UTF-8. */
export function parseMediaType(header: string | null): MediaType {
  if (!header) return { essence: '', charset: 'utf-8' }

  const [essence = '', ...params] = header.split(';')
  let charset = 'utf-8'
  for (const param of params) {
    const [name = '', value = ''] = param.split('=')
    if (name.trim().toLowerCase() === 'charset' && value.trim()) {
      charset = value.trim().replace(/^"|"$/g, '').toLowerCase()
    }
  }
  return { essence: essence.trim().toLowerCase(), charset }
}

/** `application/json` and any `+json` structured syntax suffix (RFC 6839). */
export function isJson(essence: string): boolean {
  return (
    essence === 'application/json' || /^[a-z0-9.!#$&^_-]+\/[a-z0-9.!#$&^_-]+\+json$/.test(essence)
  )
}
