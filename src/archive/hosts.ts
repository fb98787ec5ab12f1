/** Which hosts the archive may fetch recordings from (ARCHIVE_SOURCE_HOSTS). */

/**
 * The Amazon S3 endpoints RemoteMonster's recording URLs live on: the global path-style host
 * (`s3.amazonaws.com/<bucket>/…`), virtual-hosted buckets (`<bucket>.s3.amazonaws.com`), the
 * regional hosts (`s3.<region>.amazonaws.com`, legacy `s3-<region>.amazonaws.com`) with their
 * bucket forms, and the dual-stack regional hosts.
 */
export const DEFAULT_SOURCE_HOSTS = [
  's3.amazonaws.com',
  '*.s3.amazonaws.com',
  's3.*.amazonaws.com',
  '*.s3.*.amazonaws.com',
  's3-*.amazonaws.com',
  '*.s3-*.amazonaws.com',
  's3.dualstack.*.amazonaws.com',
  '*.s3.dualstack.*.amazonaws.com',
]

/**
 * The configured host patterns: a comma-separated list, or the S3 defaults when unset or blank.
 * Entries are compared case-insensitively; a trailing dot is ignored.
 */
export function sourceHostPatterns(setting: string | undefined): string[] {
  const entries = (setting ?? '')
    .split(',')
    .map((entry) => normaliseHost(entry))
    .filter((entry) => entry !== '')
  return entries.length > 0 ? entries : DEFAULT_SOURCE_HOSTS
}

/**
 * True when `host` matches a pattern. A pattern is a host name, or uses `*`: a leading `*.`
 * stands for one or more whole labels (bucket names may contain dots); any other `*` stands for
 * one or more characters inside a single label. `127.0.0.1` and `[::1]` match only themselves.
 */
export function hostAllowed(host: string, patterns: string[]): boolean {
  const name = normaliseHost(host)
  return patterns.some((pattern) => patternRegex(pattern).test(name))
}

/** True when `url` is an absolute http(s) URL on an allowed host. */
export function sourceAllowed(url: string, patterns: string[]): boolean {
  const parsed = URL.parse(url)
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) return false
  return hostAllowed(parsed.hostname, patterns)
}

/** The host part of a URL, for logs and error messages that must not carry the full URL. */
export function hostOf(url: string): string {
  return URL.parse(url)?.host ?? 'an unparseable URL'
}

const regexCache = new Map<string, RegExp>()

function patternRegex(pattern: string): RegExp {
  let regex = regexCache.get(pattern)
  if (regex) return regex
  const leadingLabels = pattern.startsWith('*.')
  const rest = leadingLabels ? pattern.slice(2) : pattern
  const body = rest
    .split('*')
    .map((literal) => literal.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^.]+')
  regex = new RegExp(`^${leadingLabels ? '(?:[^.]+\\.)+' : ''}${body}$`)
  regexCache.set(pattern, regex)
  return regex
}

function normaliseHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '')
}
