// `npm run check` (and before deploy): validates TARGETS in wrangler.toml with the same zod
// schema the worker uses at runtime, and lists the secrets the config expects.
import { build } from 'esbuild'
import { parseArgs } from 'node:util'
import { unstable_readConfig } from 'wrangler'

const { values } = parseArgs({ options: { config: { type: 'string', default: 'wrangler.toml' } } })

// The schema is TypeScript in src/: bundle just that module so Node can run it.
const bundle = await build({
  entryPoints: [new URL('../src/config/targets.ts', import.meta.url).pathname],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'neutral',
  logLevel: 'silent',
})
const source = Buffer.from(bundle.outputFiles[0].contents).toString('base64')
const { parseTargets } = await import(`data:text/javascript;base64,${source}`)

let config
try {
  config = unstable_readConfig({ config: values.config }, { hideWarnings: true })
} catch (err) {
  console.error(`${values.config}: ${err.message}`)
  process.exit(1)
}
const result = parseTargets(config.vars?.TARGETS)
if (!result.ok) {
  console.error(`${values.config}: TARGETS is invalid:`)
  for (const error of result.errors) console.error(`  - ${error}`)
  process.exit(1)
}

const secrets = result.targets.flatMap((target) =>
  [target.url_secret, target.signing_secret]
    .filter(Boolean)
    .map((name) => `${name} (${target.name})`)
)
console.log(`${values.config}: ${result.targets.length} target(s) valid`)
for (const target of result.targets) {
  const filters = [target.events?.join(','), target.channels?.join(',')].filter(Boolean).join(' ')
  console.log(`  ${target.name.padEnd(20)} ${target.type.padEnd(8)} ${filters || 'all events'}`)
}
if (secrets.length) {
  console.log(`secrets these targets read (set each with \`wrangler secret put NAME\`):`)
  for (const secret of secrets) console.log(`  ${secret}`)
}
