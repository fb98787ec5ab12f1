import { describe, expect, it } from 'vitest'
import { groupCommit } from '../../src/lib/group-commit'

/** A write that takes a turn of the event loop and remembers each group it was given. */
function recordingWrite(fail?: (items: number[]) => boolean) {
  const groups: number[][] = []
  const write = async (items: number[]) => {
    await new Promise((resolve) => setTimeout(resolve, 5))
    if (fail?.(items)) throw new Error(`write of ${items.join(',')} failed`)
    groups.push(items)
  }
  return { groups, write }
}

describe('groupCommit', () => {
  it('writes a lone item at once', async () => {
    const { groups, write } = recordingWrite()
    await groupCommit(write)(1)
    expect(groups).toEqual([[1]])
  })

  it('writes everything handed in during a write together, in order', async () => {
    const { groups, write } = recordingWrite()
    const add = groupCommit(write)
    await Promise.all([1, 2, 3, 4].map(add))
    expect(groups).toEqual([[1], [2, 3, 4]])
  })

  it('fails only the callers whose group failed, and keeps writing', async () => {
    const { groups, write } = recordingWrite((items) => items.includes(2))
    const add = groupCommit(write)
    const outcomes = await Promise.allSettled([1, 2, 3].map(add))
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected'])
    await add(4)
    expect(groups).toEqual([[1], [4]])
  })
})
