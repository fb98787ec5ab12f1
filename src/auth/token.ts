/** Constant-time secret comparison, shared by the hook token and the admin token. */

const encoder = new TextEncoder()

/**
 * Compares two secrets without leaking where they differ or how long they are: both are hashed
 * to 32 bytes first, then compared with the runtime's timing-safe primitive.
 */
export async function secretsEqual(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), expectedDigest(expected)])
  return crypto.subtle.timingSafeEqual(a, b)
}

/** True when `given` matches any configured (non-empty) secret; all are checked every time. */
export async function matchesAny(given: string, secrets: (string | undefined)[]): Promise<boolean> {
  const configured = secrets.filter((secret): secret is string => !!secret)
  const results = await Promise.all(configured.map((secret) => secretsEqual(given, secret)))
  return results.includes(true)
}

// The configured secrets' digests, computed once per isolate (a rotated secret is a new key).
// Only finished digests are kept, so no request ever waits on another request's work.
const expectedDigests = new Map<string, ArrayBuffer>()

async function expectedDigest(secret: string): Promise<ArrayBuffer> {
  const known = expectedDigests.get(secret)
  if (known) return known
  const hashed = await digest(secret)
  if (expectedDigests.size >= 8) expectedDigests.clear()
  expectedDigests.set(secret, hashed)
  return hashed
}

async function digest(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', encoder.encode(text))
}
