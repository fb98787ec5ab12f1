/** One keyset-paginated D1 query shared by every list route: filters, cursor, limit. */
import { decodeCursor, encodeCursor } from './cursor'

/** A SQL condition with its bound values, e.g. `['status = ?', 'live']`. */
export type Condition = [sql: string, ...params: unknown[]]

/** What one list query needs; `sortAt` is a column or expression in ms, newest first. */
export interface PageQuery {
  table: string
  columns: string
  sortAt: string
  where: (Condition | undefined | false)[]
  cursor?: string
  limit: number
}

/** One page of rows and the cursor of the next page (null on the last page). */
export interface Page<Row> {
  rows: Row[]
  nextCursor: string | null
}

/** Runs the query: `ORDER BY sortAt DESC, id DESC`, reading one extra row to know if more exist. */
export async function readPage<Row extends { id: string }>(
  db: D1Database,
  query: PageQuery
): Promise<Page<Row>> {
  const conditions = query.where.filter((condition): condition is Condition => !!condition)
  if (query.cursor) {
    const { at, id } = decodeCursor(query.cursor)
    conditions.push([`(${query.sortAt} < ? OR (${query.sortAt} = ? AND id < ?))`, at, at, id])
  }
  const where = conditions.length ? `WHERE ${conditions.map(([sql]) => sql).join(' AND ')}` : ''
  const params = conditions.flatMap(([, ...values]) => values)
  const sql = `SELECT ${query.columns}, ${query.sortAt} AS sort_at FROM ${query.table} ${where}
    ORDER BY sort_at DESC, id DESC LIMIT ?`
  const { results } = await db
    .prepare(sql)
    .bind(...params, query.limit + 1)
    .all<Row & { sort_at: number }>()

  const rows = results.slice(0, query.limit)
  const last = rows.at(-1)
  const more = results.length > query.limit && last
  return { rows, nextCursor: more ? encodeCursor({ at: last.sort_at, id: last.id }) : null }
}

/** Milliseconds since the epoch as ISO 8601, keeping null. */
export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString()
}

/** Milliseconds since the epoch as ISO 8601, for columns that are never null. */
export function isoRequired(ms: number): string {
  return new Date(ms).toISOString()
}
