/** Types for local-worker.mjs. */
export interface LocalWorker {
  url: string
  state: string
  output: string[]
  stop(): void
  d1<Row = Record<string, unknown>>(sql: string): Row[]
  query<Row = Record<string, unknown>>(sql: string): Promise<Row[]>
}
export function freePort(): Promise<number>
export function startWorker(options?: {
  vars?: Record<string, unknown>
  secrets?: Record<string, string>
  log?: boolean
  port?: number
}): Promise<LocalWorker>
export function d1<Row = Record<string, unknown>>(state: string, sql: string): Row[]
export function query<Row = Record<string, unknown>>(state: string, sql: string): Promise<Row[]>
