/** Helpers for the operator API tests: authenticated requests through the worker's fetch. */
import { send } from '../helpers'

export const ADMIN_TOKEN = 'test-admin-token'

/** An authenticated GET; returns the status and the parsed JSON body. */
export async function apiGet<Body = Record<string, any>>(path: string, token = ADMIN_TOKEN) {
  const response = await send(path, { headers: { authorization: `Bearer ${token}` } })
  return { status: response.status, body: await response.json<Body>() }
}

/** An authenticated POST with an optional JSON body. */
export async function apiPost<Body = Record<string, any>>(path: string, json?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` }
  if (json !== undefined) headers['content-type'] = 'application/json'
  const body = json === undefined ? undefined : JSON.stringify(json)
  const response = await send(path, { method: 'POST', headers, body })
  return { status: response.status, body: await response.json<Body>() }
}

/** Reads every page of a list route, following `next_cursor`; returns the ids in order. */
export async function allIds(path: string, key: string, limit: number): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | null = null
  for (let page = 0; page < 1000; page++) {
    const url = new URL(path, 'http://relay.test')
    url.searchParams.set('limit', String(limit))
    if (cursor) url.searchParams.set('cursor', cursor)
    const { status, body } = await apiGet(url.pathname + url.search)
    if (status !== 200) throw new Error(`${url}: ${status} ${JSON.stringify(body)}`)
    const rows = body[key] as { id: string }[]
    if (rows.length > limit) throw new Error(`page larger than limit: ${rows.length}`)
    ids.push(...rows.map((row) => row.id))
    cursor = body.next_cursor
    if (!cursor) return ids
  }
  throw new Error('pagination did not end')
}
