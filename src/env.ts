/** Bindings, vars and secrets the worker reads; see wrangler.toml and .dev.vars.example. */
export interface Env {
  DB: D1Database
  DELIVERIES?: Queue<DeliveryMessage>
  ARCHIVE?: R2Bucket
  TARGETS?: unknown
  DEDUP_WINDOW_SECONDS?: string
  RETENTION_DAYS?: string
  PUBLIC_BASE_URL?: string
  ARCHIVE_SOURCE_HOSTS?: string
  INGEST_TOKEN?: string
  INGEST_TOKEN_NEXT?: string
  ADMIN_TOKEN?: string
  [secret: string]: unknown
}

/** What the worker puts on the deliveries queue: the id of one outbox row. */
export interface DeliveryMessage {
  delivery_id: string
}

/** Hono generics shared by every route. */
export type AppBindings = { Bindings: Env }
