/** Keeps credentials out of API answers: target URLs, secrets and header values are never echoed. */
import { targetsConfig } from '../config'
import type { Env } from '../env'

// Shorter values are too likely to be ordinary words ("video") to scrub from free text.
const MIN_SCRUBBED_LENGTH = 8

/** Every credential the configuration knows: inline URLs, named secrets, header values, tokens. */
export function secretValues(env: Env): string[] {
  const values: unknown[] = [env.ADMIN_TOKEN, env.INGEST_TOKEN, env.INGEST_TOKEN_NEXT]
  const config = targetsConfig(env)
  for (const target of config.ok ? config.targets : []) {
    values.push(target.url, ...Object.values(target.headers ?? {}))
    if (target.url_secret) values.push(env[target.url_secret])
    if (target.signing_secret) values.push(env[target.signing_secret])
  }
  const strings = values.filter(
    (value): value is string => typeof value === 'string' && value.length >= MIN_SCRUBBED_LENGTH
  )
  // Longest first, so a URL is replaced whole before any token inside it.
  return [...new Set(strings)].sort((a, b) => b.length - a.length)
}

/** A scrubber for free text that came back from a target (errors, response excerpts). */
export function scrubber(env: Env): (text: string | null) => string | null {
  const secrets = secretValues(env)
  return (text) => {
    if (text === null) return null
    let clean = text
    for (const secret of secrets) clean = clean.split(secret).join('[redacted]')
    return clean
  }
}
