/** Which methods the app answers on a path, so a wrong method gets 405 rather than 404. */

/** A registered route as Hono lists it in `app.routes`. */
export interface RouteEntry {
  method: string
  path: string
}

/**
 * The methods of the routes whose pattern matches `path`, sorted; empty when none does.
 * Middleware (`ALL`) is not a route. `:param` matches one non-empty segment, `*` the rest.
 */
export function allowedMethods(routes: RouteEntry[], path: string): string[] {
  const methods = new Set<string>()
  for (const route of routes) {
    if (route.method !== 'ALL' && patternMatches(route.path, path)) methods.add(route.method)
  }
  if (methods.has('GET')) methods.add('HEAD')
  return [...methods].sort()
}

function patternMatches(pattern: string, path: string): boolean {
  const wanted = pattern.split('/')
  const given = path.split('/')
  for (let i = 0; i < wanted.length; i++) {
    const part = wanted[i]!
    if (part === '*') return true
    const segment = given[i]
    if (segment === undefined) return false
    if (part.startsWith(':') ? segment === '' : part !== segment) return false
  }
  return wanted.length === given.length
}
