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
    values.push(...urlForms(target.url), ...Object.values(target.headers ?? {}))
    if (target.url_secret) values.push(...urlForms(env[target.url_secret]))
    if (target.signing_secret) values.push(env[target.signing_secret])
  }
  const strings = values.filter(
    (value): value is string => typeof value === 'string' && value.length >= MIN_SCRUBBED_LENGTH
  )
  // Longest first, so a URL is replaced whole before any token inside it.
  return [...new Set(strings)].sort((a, b) => b.length - a.length)
}

// A path segment this long is a token (Slack's last segment is 24 characters), not a word.
const MIN_SECRET_SEGMENT = 16

/**
 * A URL as a target might echo it back: whole, percent-encoded, JSON-escaped, or only its path,
 * a long path segment or a query value (Slack's secret is its path; Express answers
 * "Cannot POST /path").
 */
function urlForms(value: unknown): unknown[] {
  if (typeof value !== 'string') return [value]
  const forms: string[] = [value, encodeURIComponent(value)]
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return forms
  }
  const path = url.pathname + url.search
  forms.push(path, url.pathname)
  forms.push(...url.pathname.split('/').filter((part) => part.length >= MIN_SECRET_SEGMENT))
  forms.push(...[...url.searchParams.values()])
  // JSON.stringify escapes nothing in a URL, but some servers write `\/` for `/`.
  return [...forms, ...forms.map((form) => form.replaceAll('/', '\\/'))]
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
