import { describe, expect, it } from 'vitest'
import { isJson, parseMediaType } from '../../src/ingest/media-type'

describe('parseMediaType', () => {
  it('defaults to an empty essence and UTF-8 without a header', () => {
    expect(parseMediaType(null)).toEqual({ essence: '', charset: 'utf-8' })
    expect(parseMediaType('')).toEqual({ essence: '', charset: 'utf-8' })
  })

  it('lower-cases the essence and ignores other parameters', () => {
    expect(parseMediaType('Application/JSON; Boundary=x; q=1')).toEqual({
      essence: 'application/json',
      charset: 'utf-8',
    })
  })

  it('reads a charset in any case, quoted or not, with spaces', () => {
    expect(parseMediaType('text/plain;CHARSET="EUC-KR"').charset).toBe('euc-kr')
    expect(parseMediaType('application/x-www-form-urlencoded ; charset = euc-kr ').charset).toBe(
      'euc-kr'
    )
  })

  it('keeps UTF-8 when the charset parameter is empty', () => {
    expect(parseMediaType('application/json; charset=').charset).toBe('utf-8')
  })
})

describe('isJson', () => {
  it('accepts application/json and +json suffixes', () => {
    expect(isJson('application/json')).toBe(true)
    expect(isJson('application/cloudevents+json')).toBe(true)
    expect(isJson('application/vnd.remotemonster.v1+json')).toBe(true)
  })

  it('refuses other types', () => {
    expect(isJson('text/json-ish')).toBe(false)
    expect(isJson('application/jsonp')).toBe(false)
    expect(isJson('+json')).toBe(false)
    expect(isJson('text/plain')).toBe(false)
  })
})
