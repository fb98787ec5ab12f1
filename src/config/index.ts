/** Runtime config from vars, parsed once per isolate and per value. */
import type { Env } from '../env'
import { parseTargets, type TargetsResult } from './targets'

/** Seconds within which a repeated channel event is a duplicate. */
export function dedupWindowSeconds(env: Env): number {
  return positiveNumber(env.DEDUP_WINDOW_SECONDS, 600)
}

/** Days after which raw bodies and attempt details are trimmed. */
export function retentionDays(env: Env): number {
  return positiveNumber(env.RETENTION_DAYS, 30)
}

let cached: { raw: unknown; result: TargetsResult } | undefined

/** The validated targets; an invalid config yields none and is reported by /health. */
export function targetsConfig(env: Env): TargetsResult {
  if (cached && cached.raw === env.TARGETS) return cached.result
  const result = parseTargets(env.TARGETS)
  cached = { raw: env.TARGETS, result }
  return result
}

function positiveNumber(raw: string | undefined, fallback: number): number {
  const value = Number(raw)
  return Number.isFinite(value) && value > 0 ? value : fallback
}
