/**
 * Group commit: items handed in while a write is running are written together by the next one.
 * One item alone is written at once; under load, many share one round trip. Each caller's
 * promise settles with the write that carried its item.
 */
export function groupCommit<T>(write: (items: T[]) => Promise<void>): (item: T) => Promise<void> {
  let waiting: { item: T; done: () => void; failed: (err: unknown) => void }[] = []
  let writing = false

  const drain = async () => {
    writing = true
    while (waiting.length > 0) {
      const group = waiting
      waiting = []
      try {
        await write(group.map(({ item }) => item))
        for (const entry of group) entry.done()
      } catch (err) {
        for (const entry of group) entry.failed(err)
      }
    }
    writing = false
  }

  return (item) =>
    new Promise<void>((done, failed) => {
      waiting.push({ item, done, failed })
      if (!writing) void drain()
    })
}
