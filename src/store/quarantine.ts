/** Keeps every authenticated request that was refused, with the reason, so nothing is lost silently. */
import type { Issue } from '../http/errors'
import type { RawRecord } from './events'

/** One refused request and why. */
export interface QuarantineRecord {
  id: string
  receivedAt: number
  status: number
  code: string
  reason: string
  issues: Issue[]
  raw: RawRecord
}

/** Inserts one quarantine row. */
export async function quarantine(db: D1Database, record: QuarantineRecord): Promise<void> {
  const { raw } = record
  await db
    .prepare(
      `INSERT INTO quarantine (id, received_at, status, code, reason, issues, raw_method,
         raw_content_type, raw_body, raw_query) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    .bind(
      record.id,
      record.receivedAt,
      record.status,
      record.code,
      record.reason,
      JSON.stringify(record.issues),
      raw.method,
      raw.contentType,
      raw.body,
      JSON.stringify(raw.query)
    )
    .run()
}
