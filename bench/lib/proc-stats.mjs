// Measurements of running processes from Linux /proc: descendants, CPU time, resident memory.
import { readdir, readFile } from 'node:fs/promises'

// Linux reports CPU times in USER_HZ, which is 100 on every mainstream architecture.
const CLOCK_TICKS = 100

/** The process ids of `pid` and all its descendants (Linux /proc). */
export async function processTree(pid) {
  const tree = [pid]
  for (let i = 0; i < tree.length; i++) tree.push(...(await childPids(tree[i])))
  return tree
}

async function childPids(pid) {
  const pids = []
  for (const task of await readdir(`/proc/${pid}/task`).catch(() => [])) {
    const list = await readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '')
    pids.push(...list.split(/\s+/).filter(Boolean).map(Number))
  }
  return pids
}

/** User + system CPU time, in ms, used so far by the given processes (Linux /proc). */
export async function cpuTimeMs(pids) {
  let ticks = 0
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0)
  }
  return ticks * (1000 / CLOCK_TICKS)
}

/** Resident memory of one process in bytes, and its peak so far (VmHWM), from /proc. */
export async function memoryOf(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  const kib = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024
  return { rss: kib('VmRSS'), peak: kib('VmHWM') }
}

/** Process ids of this process's direct children whose command is `name` (e.g. workerd). */
export async function childrenNamed(name, parent = process.pid) {
  const found = []
  for (const pid of await childPids(parent)) {
    const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')
    if (comm.trim() === name) found.push(pid)
  }
  return found
}
