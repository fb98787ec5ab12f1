import { describe, expect, it } from 'vitest'
import { decodeForm } from '../../src/ingest/form'

const utf8 = new TextDecoder('utf-8')
const bytes = (text: string) => new TextEncoder().encode(text)

describe('decodeForm', () => {
  it('decodes percent escapes and plus as space', () => {
    const body = bytes('url=https%3A%2F%2Fs3.amazonaws.com%2Fa.mp4&note=two+words%20here')
    expect(decodeForm(body, utf8)).toEqual({
      url: 'https://s3.amazonaws.com/a.mp4',
      note: 'two words here',
    })
  })

  it('decodes UTF-8 percent-encoded Hangul', () => {
    expect(decodeForm(bytes('id=%ED%95%9C%EA%B8%80'), utf8)).toEqual({ id: '한글' })
  })

  it('decodes EUC-KR percent-encoded Hangul with an EUC-KR decoder', () => {
    expect(decodeForm(bytes('id=%C7%D1%B1%DB'), new TextDecoder('euc-kr'))).toEqual({ id: '한글' })
  })

  it('keeps the last value of a repeated name', () => {
    expect(decodeForm(bytes('id=first&id=second'), utf8)).toEqual({ id: 'second' })
  })

  it('gives a name without = an empty value and skips empty pairs and names', () => {
    expect(decodeForm(bytes('&flag&&=orphan&id=x&'), utf8)).toEqual({ flag: '', id: 'x' })
  })

  it('keeps a malformed escape literally', () => {
    expect(decodeForm(bytes('id=100%25&note=50%&bad=%zz'), utf8)).toEqual({
      id: '100%',
      note: '50%',
      bad: '%zz',
    })
  })

  it('keeps = inside a value', () => {
    expect(decodeForm(bytes('payload=a=b=c'), utf8)).toEqual({ payload: 'a=b=c' })
  })

  it('returns no fields for an empty body', () => {
    expect(decodeForm(new Uint8Array(0), utf8)).toEqual({})
  })
})
