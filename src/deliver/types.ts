/** Shapes shared by every delivery runner (slack, discord, webhook, archive). */
import type { Target } from '../config/targets'
import type { Env } from '../env'
import type { EventType, Warning } from '../ingest/event'

/** The envelope every target is told about: the stored event, as the API shows it. */
export interface EventEnvelope {
  id: string
  type: EventType
  channel_id: string
  received_at: string
  data: Record<string, unknown>
  warnings: Warning[]
  raw: {
    method: string
    content_type: string | null
    body: string | null
    query: Record<string, string>
  }
}

/** One outbox row as the runner sees it. */
export interface DeliveryRow {
  id: string
  event_id: string
  target: string
  kind: string
  status: string
  attempts: number
  created_at: number
}

/** How one attempt ended; the runner turns it into the next state and a schedule. */
export type AttemptOutcome =
  | { result: 'succeeded'; statusCode?: number; excerpt?: string }
  | { result: 'retry'; statusCode?: number; error: string; excerpt?: string; retryAfterMs?: number }
  | { result: 'dead'; statusCode?: number; error: string; excerpt?: string; gone?: boolean }

/** Everything one attempt needs; `signal` aborts at the target's timeout. */
export interface AttemptContext {
  env: Env
  delivery: DeliveryRow
  event: EventEnvelope
  target: Target | undefined
  signal: AbortSignal
}

/** A function that performs one attempt of one delivery kind. */
export type AttemptRunner = (context: AttemptContext) => Promise<AttemptOutcome>
