/** Signed links to an archived recording, for chat messages whose readers hold no admin token. */
import { hmacTag } from '../auth/hmac'
import { secretsEqual } from '../auth/token'
import type { Env } from '../env'

function tag(secret: string, recordingId: string): Promise<string> {
  return hmacTag(secret, `archive-link.v1.${recordingId}`)
}

/**
 * `<PUBLIC_BASE_URL>/files/<id>?sig=…`, or undefined when the worker has no public URL or no
 * ADMIN_TOKEN to sign with. The link does not expire, so the copy stays reachable from Slack;
 * rotating ADMIN_TOKEN revokes every link at once.
 */
export async function signedFileLink(env: Env, recordingId: string): Promise<string | undefined> {
  const base = env.PUBLIC_BASE_URL?.replace(/\/+$/, '')
  if (!base || !env.ADMIN_TOKEN) return undefined
  const sig = await tag(env.ADMIN_TOKEN, recordingId)
  return `${base}/files/${encodeURIComponent(recordingId)}?sig=${sig}`
}

/** True when `sig` was made by signedFileLink for this recording; compared in constant time. */
export async function linkSignatureValid(env: Env, recordingId: string, sig: string) {
  if (!env.ADMIN_TOKEN || !sig) return false
  return secretsEqual(sig, await tag(env.ADMIN_TOKEN, recordingId))
}
