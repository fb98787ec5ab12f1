// What the benchmark ran on: cores, memory, Node, workerd, wrangler, and how busy the box was.
import { execFileSync } from 'node:child_process'
import { readFileSync, statfsSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import { dirname, join } from 'node:path'

const TMPFS_MAGIC = 0x01021994

/** A description of this machine and toolchain, for the report and the JSON results. */
export function describeMachine(stateRoot) {
  const require = createRequire(import.meta.url)
  const wranglerPkg = require.resolve('wrangler/package.json')
  const fromWrangler = createRequire(wranglerPkg)
  const version = (pkg) => JSON.parse(readFileSync(pkg, 'utf8')).version
  const workerdDir = dirname(fromWrangler.resolve('workerd/package.json'))
  const workerdBinary = execFileSync(join(workerdDir, 'bin/workerd'), ['--version'], {
    encoding: 'utf8',
  }).trim()
  const cpus = os.cpus()
  return {
    cores: cpus.length,
    cpu_model: cpus[0]?.model ?? 'unknown',
    memory_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    workerd: `${version(join(workerdDir, 'package.json'))} (${workerdBinary})`,
    wrangler: version(wranglerPkg),
    miniflare: version(fromWrangler.resolve('miniflare/package.json')),
    load_average_at_start: os.loadavg().map((load) => Math.round(load * 100) / 100),
    state_dir: stateRoot,
    state_on_tmpfs: statfsSync(stateRoot).type === TMPFS_MAGIC,
  }
}

/** One line naming the machine, for the printed table. */
export function machineLine(machine) {
  const storage = machine.state_on_tmpfs ? 'tmpfs' : 'disk'
  return (
    `${machine.cores} cores (${machine.cpu_model}), ${machine.memory_gib} GiB, ` +
    `Node ${machine.node}, workerd ${machine.workerd}, wrangler ${machine.wrangler}, ` +
    `local state on ${storage} (${machine.state_dir}), ` +
    `load average at start ${machine.load_average_at_start.join(' ')}`
  )
}
