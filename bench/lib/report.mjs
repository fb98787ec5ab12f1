// The printed report: one table of every measurement, the budgets, the loss checks; and the JSON.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { machineLine } from './machine.mjs'

const KiB = 1024
const fmt = (value, digits = 0) =>
  typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : 'n/a'

/** The one table, as Markdown (it reads the same in a terminal and in the README). */
export function table(results) {
  const lines = [
    '| measurement | mode | result | p50 | p99 | errors / non-2xx / 5xx | ratio |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ]
  const add = (...cells) => lines.push(`| ${cells.join(' | ')} |`)
  for (const row of results.load) {
    const ratio =
      row.vs_baseline === undefined
        ? ''
        : `${fmt(row.vs_baseline, 2)}× baseline, ${fmt(row.vs_insert_reference, 2)}× insert ref, ` +
          `${fmt(row.vs_enqueue_reference, 2)}× insert + enqueue ref`
    const reloaded = row.reloads ? ` (wrangler dev reloaded ${row.reloads}× mid-row)` : ''
    const rate = `${fmt(row.requests_per_s)} req/s, ${fmt(row.cpu_us_per_request)} µs CPU/req${reloaded}`
    add(row.name, row.mode, rate, `${row.p50_ms} ms`, `${row.p99_ms} ms`, errors(row), ratio)
  }

  const nl = results.no_loss
  const sink = nl.sink_webhook
  add(
    `no-loss: ${nl.count} events (${nl.recordings} recordings), 64 connections`,
    nl.mode,
    `${nl.stored} stored, ${nl.load.accepted} accepted; deliveries ${nl.deliveries_succeeded}/` +
      `${nl.deliveries_total} succeeded, ${fmt(nl.drain.seconds)} s after the load; ` +
      `sink: ${sink.unique} deliveries, ${sink.repeated} seen twice`,
    `${nl.load.p50_ms} ms`,
    `${nl.load.p99_ms} ms`,
    errors(nl.load),
    `${fmt(nl.load.requests_per_s)} req/s`
  )

  const cpu = results.cpu
  const shapes = Object.entries(cpu.per_sample).map(([name, s]) => `${name} ${fmt(s.median_us, 1)}`)
  add(
    'pure CPU: parse + validate + normalise + dedup key',
    'node',
    `median µs per event: ${shapes.join(', ')}`,
    `${fmt(cpu.worst_median_us, 1)} µs (slowest)`,
    '',
    '',
    ''
  )
  const bundle = results.bundle
  add(
    'bundle (wrangler deploy --dry-run)',
    '',
    `${fmt(bundle.wrangler_gzip_kib, 2)} KiB gzipped, ${fmt(bundle.wrangler_kib, 2)} KiB raw`,
    '',
    '',
    '',
    ''
  )
  for (const latency of results.latency) {
    add(
      'event → Slack stand-in, 3 targets',
      latency.mode,
      `${latency.arrived}/${latency.events} events arrived`,
      `${fmt(latency.median_ms)} ms`,
      `${fmt(latency.p99_ms)} ms`,
      '',
      ''
    )
  }
  const archive = results.archive
  const copies = [
    ['archive', archive],
    ['archive floor: fetch → FixedLengthStream → R2 put', archive.floor],
  ]
  for (const [name, copy] of copies) {
    add(
      `${name}: ${fmt(archive.bytes / 2 ** 20)} MiB recording → local R2`,
      archive.mode,
      `${copy.ok ? 'copied' : 'FAILED'}; ${fmt(copy.mib_per_s, 1)} MiB/s ` +
        `(copy ${fmt(copy.copy_seconds, 1)} s); workerd resident memory ` +
        `+${fmt(copy.rss_growth_mib, 1)} MiB (peak ${fmt(copy.rss_peak_mib)} MiB)`,
      '',
      '',
      '',
      ''
    )
  }
  return lines.join('\n')
}

function errors(load) {
  return `${load.errors + load.timeouts} / ${load.non2xx} / ${load.s5xx}`
}

/** What each package adds to the bundle, one line. */
export function bundleLine(bundle) {
  return bundle.packages
    .map((p) => `${p.package} ${fmt(p.bytes / KiB, 1)} KiB (${fmt(p.gzip_alone / KiB, 1)} gz)`)
    .join(', ')
}

/** Prints the whole report to stdout. */
export function printReport(results) {
  const kind = results.quick ? 'quick' : 'full'
  console.log(
    `\nlivecast-relay benchmark (${kind}), ${results.started_at}, ${fmt(results.seconds)} s`
  )
  console.log(`machine: ${machineLine(results.machine)}\n`)
  console.log(table(results))
  console.log(`\nbundle by package, raw (gzipped alone): ${bundleLine(results.bundle)}`)
  console.log('\nbudgets (README, Performance):')
  for (const { met, budget, number } of results.budgets) {
    console.log(`- ${met ? 'met   ' : 'MISSED'} ${budget}: ${number}`)
  }
  console.log('\nloss checks (these decide the exit code):')
  for (const [name, ok] of Object.entries(results.loss_checks)) {
    console.log(`- ${ok ? 'ok    ' : 'FAILED'} ${name}`)
  }
}

/** Writes the results as JSON under bench/results (git-ignored); returns the file's path. */
export function writeResults(root, results) {
  const dir = join(root, 'bench/results')
  mkdirSync(dir, { recursive: true })
  const stamp = results.started_at.replace(/[:.]/g, '-')
  const file = join(dir, `${stamp}${results.quick ? '-quick' : ''}.json`)
  writeFileSync(file, JSON.stringify(results, null, 2))
  return file
}
