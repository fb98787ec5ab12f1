// Bundle size from `wrangler deploy --dry-run`, and what each dependency adds to it.
import { readFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { decode } from '@jridgewell/sourcemap-codec'
import { ROOT } from './procs.mjs'

const UNMAPPED = '(wrangler glue, unmapped)'

/**
 * Sizes the bundle wrangler would upload (raw and gzipped) and splits it by package: bytes as
 * esbuild's metafile counts them, and a gzip estimate from compressing each package's own
 * output (cut out along the source map) alone. Compressed together the bundle is a little
 * smaller than the sum of those estimates.
 */
export function analyseBundle({ script, metafile }) {
  const code = readFileSync(script, 'utf8')
  const meta = JSON.parse(readFileSync(metafile, 'utf8'))
  const bytes = new Map()
  for (const [name, output] of Object.entries(meta.outputs)) {
    if (!name.endsWith('.js')) continue
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const owner = packageOf(input)
      bytes.set(owner, (bytes.get(owner) ?? 0) + bytesInOutput)
    }
  }

  const text = textByPackage(code, `${script}.map`)
  const packages = [...new Set([...bytes.keys(), ...text.keys()])]
    .map((name) => ({
      package: name,
      bytes: bytes.get(name) ?? 0,
      gzip_alone: text.has(name) ? gzipSync(text.get(name), { level: 9 }).length : 0,
    }))
    .sort((a, b) => b.bytes - a.bytes || b.gzip_alone - a.gzip_alone)
  return { bytes: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length, packages }
}

/** The bundle's text, split by the package each generated segment maps back to. */
function textByPackage(code, mapFile) {
  const map = JSON.parse(readFileSync(mapFile, 'utf8'))
  const owners = map.sources.map((source) =>
    packageOf(relative(ROOT, resolve(map.sourceRoot || dirname(mapFile), source)))
  )
  const lines = code.split('\n')
  const text = new Map()
  const add = (owner, part) => text.set(owner, (text.get(owner) ?? '') + part)
  decode(map.mappings).forEach((segments, index) => {
    const line = lines[index] ?? ''
    if (segments.length === 0) return add(UNMAPPED, `${line}\n`)
    add(UNMAPPED, line.slice(0, segments[0][0]))
    segments.forEach((segment, i) => {
      const owner = segment.length > 1 ? owners[segment[1]] : UNMAPPED
      add(owner, line.slice(segment[0], segments[i + 1]?.[0] ?? line.length))
    })
    add(UNMAPPED, '\n')
  })
  return text
}

/** `node_modules/@scope/name/…` → `@scope/name`; project files → their folder (`src/ingest`). */
function packageOf(path) {
  const at = path.lastIndexOf('node_modules/')
  if (at !== -1) {
    const parts = path.slice(at + 'node_modules/'.length).split('/')
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]
  }
  const parts = path.split('/')
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0]
}
