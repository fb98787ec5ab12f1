import { describe, expect, it } from 'vitest'
import { newId, recordingIdFor } from '../../src/store/ids'

describe('newId', () => {
  it('is the prefix, 10 time characters and 16 random ones in Crockford base32', () => {
    expect(newId('evt')).toMatch(/^evt_[0-9a-hjkmnp-tv-z]{26}$/)
  })

  it('encodes the time so later ids sort after earlier ones', () => {
    const ids = [0, 1, 31, 32, 1_700_000_000_000, 1_700_000_000_001, 4_102_444_800_000].map((now) =>
      newId('evt', now)
    )
    expect([...ids].sort()).toEqual(ids)
  })

  it('encodes a known time exactly', () => {
    expect(newId('evt', 0).slice(4, 14)).toBe('0000000000')
    expect(newId('evt', 33).slice(4, 14)).toBe('0000000011')
  })

  it('does not repeat within the same millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId('evt', 1_700_000_000_000)))
    expect(ids.size).toBe(1000)
  })
})

describe('recordingIdFor', () => {
  it('shares the event id after a rec_ prefix', () => {
    expect(recordingIdFor('evt_01abc')).toBe('rec_01abc')
  })
})
