// The design's budgets (met or missed, with the number) and the loss checks that decide the exit code.

const fmt = (value, digits = 0) =>
  typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : 'n/a'

/** Ratios of each ingest row to the same mode's app /health and insert reference. */
export function withRatios(rows) {
  return rows.map((row) => {
    if (!row.name.startsWith('ingest:')) return row
    const same = (name) => rows.find((other) => other.mode === row.mode && other.name === name)
    return {
      ...row,
      vs_baseline: row.requests_per_s / same('/health (baseline)').requests_per_s,
      vs_insert_reference: row.requests_per_s / same('ref: zod + one D1 insert').requests_per_s,
      vs_enqueue_reference:
        row.requests_per_s / same('ref: zod + one D1 insert + Queue.send').requests_per_s,
    }
  })
}

/** Each budget with its verdict and the number it was judged on. */
export function budgets(results) {
  const verdicts = []
  const add = (budget, met, number) => verdicts.push({ budget, met, number })
  for (const row of results.load.filter((r) => r.name === 'ingest: recording, unique')) {
    const reference = row.requests_per_s / row.vs_insert_reference
    add(
      `ingest throughput ≥ 0.8× the single-insert reference (${row.mode})`,
      row.vs_insert_reference >= 0.8 && row.check.ok,
      `${fmt(row.vs_insert_reference, 2)}× (${fmt(row.requests_per_s)} vs ${fmt(reference)} ` +
        `req/s), p99 ${row.p99_ms} ms, 5xx ${row.s5xx}, stored = acknowledged ${row.check.ok}; ` +
        `${fmt(row.vs_enqueue_reference, 2)}× the insert + Queue.send reference`
    )
  }
  add(
    'pure ingest CPU ≤ 0.2 ms median per event',
    results.cpu.worst_median_us <= 200,
    `${fmt(results.cpu.worst_median_us, 1)} µs (the slowest sample shape)`
  )
  add(
    'worker bundle ≤ 150 KiB gzipped',
    results.bundle.wrangler_gzip_kib <= 150,
    `${fmt(results.bundle.wrangler_gzip_kib, 2)} KiB`
  )
  for (const latency of results.latency) {
    add(
      `event to first Slack delivery ≤ 2 s median, 3 targets (${latency.mode})`,
      latency.median_ms !== null && latency.median_ms <= 2000 && latency.arrived === latency.events,
      `median ${fmt(latency.median_ms)} ms, p99 ${fmt(latency.p99_ms)} ms`
    )
  }
  const archive = results.archive
  const beyondFloor = archive.rss_growth_mib - archive.floor.rss_growth_mib
  add(
    `archive of ${fmt(archive.bytes / 2 ** 20)} MiB holding no more than a few MiB ` +
      `(≤ ${archive.memory_limit_mib} MiB more resident memory than the bare R2 put)`,
    archive.ok && beyondFloor <= archive.memory_limit_mib,
    `${archive.status}, ${fmt(beyondFloor, 1)} MiB beyond the floor (workerd +` +
      `${fmt(archive.rss_growth_mib, 1)} MiB, floor +${fmt(archive.floor.rss_growth_mib, 1)} MiB), ` +
      `${fmt(archive.mib_per_s, 1)} MiB/s (floor ${fmt(archive.floor.mib_per_s, 1)})`
  )
  return verdicts
}

/** What must hold whatever the speed: nothing lost, no 5xx, every delivery finished. */
export function lossChecks(results) {
  const checks = {}
  for (const row of results.load) {
    checks[`${row.mode}: ${row.name}: answered, no 5xx, every acknowledged event stored`] =
      row.check.ok
  }
  const noLoss = results.no_loss
  for (const [name, ok] of Object.entries(noLoss.checks)) {
    checks[`no-loss (${noLoss.count} requests): ${name.replaceAll('_', ' ')}`] = ok
  }
  checks[`no-loss: every delivery finished within the run`] = noLoss.drain.complete
  for (const latency of results.latency) {
    checks[`${latency.mode}: every latency event reached Slack`] =
      latency.arrived === latency.events
  }
  checks['archive: copied with the exact size'] = results.archive.ok
  checks['archive floor: copied with the exact size'] = results.archive.floor.ok
  return checks
}
