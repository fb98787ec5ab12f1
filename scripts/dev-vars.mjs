// Reads local development values: .dev.vars when present, else the committed example.
import { existsSync, readFileSync } from 'node:fs'

/** The file wrangler dev should read secrets from, and its parsed values. */
export function devVars() {
  const file = existsSync('.dev.vars') ? '.dev.vars' : '.dev.vars.example'
  const values = {}
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line)
    if (match) values[match[1]] = match[2].replace(/^"(.*)"$/, '$1')
  }
  return { file, values }
}
