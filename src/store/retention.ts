/** Retention: trims raw request bodies and attempt details; recordings and channels are kept. */

/** Rows changed by one clean-up pass, for the log. */
export interface RetentionReport {
  rawBodies: number
  attempts: number
  quarantine: number
  dedup: number
}

/** Trims what is older than `days`, and dedup rows that have expired. */
export async function applyRetention(db: D1Database, days: number, now = Date.now()) {
  const cutoff = now - days * 86_400_000
  const results = await db.batch([
    db
      .prepare(
        `UPDATE events SET raw_body = NULL, raw_query = NULL
         WHERE received_at < ?1 AND (raw_body IS NOT NULL OR raw_query IS NOT NULL)`
      )
      .bind(cutoff),
    db.prepare('DELETE FROM attempts WHERE started_at < ?1').bind(cutoff),
    db.prepare('DELETE FROM quarantine WHERE received_at < ?1').bind(cutoff),
    db.prepare('DELETE FROM dedup WHERE expires_at < ?1').bind(now),
  ])
  const [rawBodies, attempts, quarantine, dedup] = results.map((result) => result.meta.changes)
  return { rawBodies, attempts, quarantine, dedup } as RetentionReport
}
