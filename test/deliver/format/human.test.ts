import { describe, expect, it } from 'vitest'
import { clampEscaped, humanDuration, humanSize } from '../../../src/deliver/format/human'

describe('humanSize', () => {
  it('uses decimal units with one decimal below 100', () => {
    expect(humanSize(512)).toBe('512 B')
    expect(humanSize(52_428_800)).toBe('52.4 MB')
    expect(humanSize(734_003_200)).toBe('734 MB')
    expect(humanSize(1_200_000_000)).toBe('1.2 GB')
  })
})

describe('humanDuration', () => {
  it('pads minutes and seconds after the largest unit', () => {
    expect(humanDuration(3725)).toBe('1h 02m 05s')
    expect(humanDuration(3661.5)).toBe('1h 01m 02s')
    expect(humanDuration(65)).toBe('1m 05s')
    expect(humanDuration(5)).toBe('5s')
  })
})

describe('clampEscaped', () => {
  it('never splits a Hangul syllable or an escape sequence', () => {
    expect(clampEscaped('라이브방송', 4)).toBe('라이브…')
    const escape = (s: string) => s.replace(/&/g, '&amp;')
    expect(clampEscaped('a&b&c', 8, escape)).toBe('a&amp;b…')
  })

  it('returns short text unchanged', () => {
    expect(clampEscaped('studio', 10)).toBe('studio')
  })
})
