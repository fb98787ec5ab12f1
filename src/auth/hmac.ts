/** HMAC-SHA256 tags for values the worker hands out (session cookies, archive links). */

const encoder = new TextEncoder()

/**
 * The base64url HMAC of `message` keyed by `secret`. Callers prefix messages with their purpose
 * and a version (`archive-link.v1.…`) so a tag made for one use is never valid for another.
 */
export async function hmacTag(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign']
  )
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(message))
  let binary = ''
  for (const byte of new Uint8Array(mac)) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
