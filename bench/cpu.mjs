// Pure-CPU microbenchmark: parse + validate + normalise + dedup key per event, in Node.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import { Bench } from 'tinybench'
import { atExit, ROOT } from './lib/procs.mjs'

const SAMPLES = join(ROOT, 'test/fixtures/requests.json')

/** Median µs per event for each accepted sample request, and the worst of those medians. */
export async function measureCpu({ quick }) {
  const dir = mkdtempSync(join(tmpdir(), 'livecast-cpu-'))
  atExit(() => rmSync(dir, { recursive: true, force: true }))
  const outfile = join(dir, 'cpu-entry.mjs')
  await build({
    entryPoints: [join(ROOT, 'bench/cpu-entry.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    outfile,
    logLevel: 'error',
  })
  const { ingestPure, toRaw } = await import(outfile)

  const samples = JSON.parse(readFileSync(SAMPLES, 'utf8')).filter(
    (sample) => !/^\d+$/.test(sample.expect)
  )
  const bench = new Bench({ time: quick ? 150 : 500, warmupTime: quick ? 50 : 150 })
  for (const sample of samples) {
    const raw = toRaw(sample)
    await ingestPure(raw, Date.now())
    bench.add(sample.name, () => ingestPure(raw, 1_700_000_000_000))
  }
  await bench.run()

  const perSample = {}
  for (const task of bench.tasks) {
    const latency = task.result?.latency
    if (!latency) throw new Error(`cpu bench ${task.name} failed: ${task.result?.error}`)
    perSample[task.name] = { median_us: latency.p50 * 1000, samples: latency.samplesCount }
  }
  const worst = Math.max(...Object.values(perSample).map((s) => s.median_us))
  return { per_sample: perSample, worst_median_us: worst }
}
