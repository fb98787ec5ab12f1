import { describe, expect, it } from 'vitest'
import { matchesAny, secretsEqual } from '../../src/auth/token'

describe('secretsEqual', () => {
  it('is true only for identical secrets', async () => {
    expect(await secretsEqual('s3cret-token', 's3cret-token')).toBe(true)
    expect(await secretsEqual('s3cret-token', 's3cret-tokeN')).toBe(false)
  })

  it('is false for a prefix or an extension of the secret', async () => {
    expect(await secretsEqual('s3cret', 's3cret-token')).toBe(false)
    expect(await secretsEqual('s3cret-token-and-more', 's3cret-token')).toBe(false)
  })

  it('compares Hangul secrets by their characters', async () => {
    expect(await secretsEqual('비밀-토큰', '비밀-토큰')).toBe(true)
    expect(await secretsEqual('비밀-토큰', '비밀-토근')).toBe(false)
  })
})

describe('matchesAny', () => {
  it('matches either the current or the next secret during rotation', async () => {
    expect(await matchesAny('old', ['old', 'new'])).toBe(true)
    expect(await matchesAny('new', ['old', 'new'])).toBe(true)
    expect(await matchesAny('other', ['old', 'new'])).toBe(false)
  })

  it('ignores unset and empty secrets, so an empty token never matches', async () => {
    expect(await matchesAny('', ['old', undefined, ''])).toBe(false)
    expect(await matchesAny('', [undefined, ''])).toBe(false)
  })
})
