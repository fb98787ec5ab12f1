/** Dashboard sign-in: HTTP Basic with the admin token as password, or a signed session cookie. */
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { secretsEqual } from '../auth/token'
import { isAdminToken } from '../api/auth'
import type { AppBindings } from '../env'
import { hmacTag } from '../auth/hmac'

/** `__Host-` makes browsers insist on Secure, Path=/ and no Domain. */
export const SESSION_COOKIE = '__Host-relay_session'

const SESSION_MS = 12 * 60 * 60 * 1000

/** How a request proved who it is, if at all. */
export type Sign = 'basic' | 'cookie' | 'bad-basic' | 'none'

/**
 * The cookie holds an expiry and an HMAC of it keyed by the admin token, never the token itself;
 * rotating ADMIN_TOKEN signs everyone out.
 */
export async function sessionValue(token: string, now = Date.now()): Promise<string> {
  const expires = now + SESSION_MS
  return `v1.${expires}.${await sign(token, expires)}`
}

/** True when the cookie was made by `sessionValue` with this token and has not expired. */
export async function verifySession(token: string, value: string, now = Date.now()) {
  const match = /^v1\.(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(value)
  if (!match?.[1] || !match[2]) return false
  const expires = Number(match[1])
  if (expires <= now || expires > now + SESSION_MS) return false
  return secretsEqual(match[2], await sign(token, expires))
}

/** Checks Basic credentials first (any user name), then the session cookie. */
export async function signedIn(c: Context<AppBindings>): Promise<Sign> {
  const header = c.req.header('authorization')
  const basic = header && /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header)
  if (basic?.[1]) {
    const password = decodeBasic(basic[1])
    return password !== null && (await isAdminToken(c.env, password)) ? 'basic' : 'bad-basic'
  }
  const cookie = getCookie(c, SESSION_COOKIE)
  const token = c.env.ADMIN_TOKEN
  return cookie && token && (await verifySession(token, cookie)) ? 'cookie' : 'none'
}

/** Starts a session after a successful login form. */
export async function startSession(c: Context<AppBindings>, token: string): Promise<void> {
  setCookie(c, SESSION_COOKIE, await sessionValue(token), {
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'Strict',
    maxAge: SESSION_MS / 1000,
  })
}

/** Ends the session. */
export function endSession(c: Context<AppBindings>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true })
}

function decodeBasic(encoded: string): string | null {
  try {
    const binary = atob(encoded)
    const text = new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)))
    const colon = text.indexOf(':')
    return colon < 0 ? null : text.slice(colon + 1)
  } catch {
    return null
  }
}

function sign(token: string, expires: number): Promise<string> {
  return hmacTag(token, `dashboard-session.v1.${expires}`)
}
