import { describe, expect, it } from 'vitest'
import { Bytes, HttpUrl, Identifier, isBlank, Seconds } from '../../src/ingest/values'

describe('isBlank', () => {
  it('treats undefined, null, empty and whitespace-only strings as blank', () => {
    expect([undefined, null, '', '   ', '\t\n'].map(isBlank)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ])
  })

  it('does not treat 0, "0" or false as blank', () => {
    expect([0, '0', false, 'x'].map(isBlank)).toEqual([false, false, false, false])
  })
})

describe('Identifier', () => {
  it('trims a string id', () => {
    expect(Identifier.parse('  1581324488053_Dc5aQ \n')).toBe('1581324488053_Dc5aQ')
  })

  it('turns a numeric id into its decimal string', () => {
    expect(Identifier.parse(1581324488053)).toBe('1581324488053')
  })

  it('refuses a number that JSON can only write with an exponent, and Infinity', () => {
    expect(Identifier.safeParse(1e21).error?.issues[0]?.message).toBe(
      'a number this large or small must be sent as a string'
    )
    expect(Identifier.safeParse(JSON.parse('1e400')).error?.issues[0]?.message).toBe(
      'must be a string or a finite number'
    )
  })

  it('keeps Hangul intact', () => {
    expect(Identifier.parse('방송-하나')).toBe('방송-하나')
  })

  it('refuses a whitespace-only id', () => {
    expect(Identifier.safeParse('   ').error?.issues[0]?.message).toBe('must not be blank')
  })

  it('refuses objects and booleans', () => {
    expect(Identifier.safeParse({ id: 1 }).success).toBe(false)
    expect(Identifier.safeParse(true).error?.issues[0]?.message).toBe(
      'must be a string or a finite number'
    )
  })
})

describe('HttpUrl', () => {
  it('accepts and trims an https URL', () => {
    expect(HttpUrl.parse(' https://s3.amazonaws.com/svc/a/b.mp4 ')).toBe(
      'https://s3.amazonaws.com/svc/a/b.mp4'
    )
  })

  it('accepts http', () => {
    expect(HttpUrl.parse('http://example.com/x.jpg')).toBe('http://example.com/x.jpg')
  })

  it.each(['ftp://example.com/a.mp4', 'javascript:alert(1)', 'file:///etc/passwd', '/a.mp4'])(
    'refuses %s',
    (url) => {
      expect(HttpUrl.safeParse(url).error?.issues[0]?.message).toBe(
        'must be an absolute http(s) URL'
      )
    }
  )

  it('refuses a number', () => {
    expect(HttpUrl.safeParse(42).error?.issues[0]?.message).toBe('must be a string')
  })
})

describe('Bytes', () => {
  it('reads a number, a numeric string and a whole decimal', () => {
    expect([1048576, '1048576', ' 52428800 ', '1048576.0'].map((v) => Bytes.parse(v))).toEqual([
      1048576, 1048576, 52428800, 1048576,
    ])
  })

  it('reads 0 as zero bytes', () => {
    expect(Bytes.parse('0')).toBe(0)
  })

  it.each(['12.5', '-1', 'abc', '0x10', '1e3', 'Infinity', '9007199254740993'])(
    'refuses %j',
    (v) => {
      expect(Bytes.safeParse(v).error?.issues[0]?.message).toBe(
        'must be a whole number of bytes ≥ 0'
      )
    }
  )

  it('refuses a fractional or negative number', () => {
    expect(Bytes.safeParse(1.5).success).toBe(false)
    expect(Bytes.safeParse(-3).success).toBe(false)
  })
})

describe('Seconds', () => {
  it('reads numbers and numeric strings, fractions included', () => {
    expect([1805, '1805', '12.5', 3661.5, ' 7 '].map((v) => Seconds.parse(v))).toEqual([
      1805, 1805, 12.5, 3661.5, 7,
    ])
  })

  it('reads HH:MM:SS', () => {
    expect(Seconds.parse('00:01:05')).toBe(65)
    expect(Seconds.parse('01:02:03')).toBe(3723)
    expect(Seconds.parse('100:00:00')).toBe(360000)
  })

  it('reads MM:SS, including minutes past an hour', () => {
    expect(Seconds.parse('01:05')).toBe(65)
    expect(Seconds.parse('75:10')).toBe(4510)
  })

  it('reads fractional seconds in a clock', () => {
    expect(Seconds.parse('00:00:01.5')).toBe(1.5)
  })

  it.each(['1:60:00', '00:00:60', '-5', 'abc', '1:2:3:4', '12,5', ':30'])('refuses %j', (v) => {
    expect(Seconds.safeParse(v).error?.issues[0]?.message).toBe(
      'must be seconds from 0 to 30 days, or HH:MM:SS / MM:SS'
    )
  })

  it('refuses more than 30 days', () => {
    expect(Seconds.parse(30 * 24 * 3600)).toBe(2592000)
    expect(Seconds.safeParse(30 * 24 * 3600 + 1).success).toBe(false)
    expect(Seconds.safeParse(1e308).success).toBe(false)
  })

  it('refuses a negative number', () => {
    expect(Seconds.safeParse(-1).success).toBe(false)
  })
})
