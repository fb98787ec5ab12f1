import { describe, expect, it } from 'vitest'
import { archiveKeys, keySegment, lastPathSegment, splitName } from '../../src/archive/key'

const SOURCE = {
  channelId: '1581324488053_Dc5aQ',
  receivedAt: '2026-03-04T23:59:59.000Z',
  url: 'https://s3.amazonaws.com/svc/r4nd0m/1581324488053_Dc5aQ.mp4',
  thumbnail: 'https://s3.amazonaws.com/svc/r4nd0m/1581324488053_Dc5aQ.jpg',
}

describe('archive keys', () => {
  it('puts the file under recordings/<channel>/<UTC day>/ with a hash of its URL', async () => {
    const keys = await archiveKeys(SOURCE)

    expect(keys.recording).toMatch(
      /^recordings\/1581324488053_Dc5aQ\/2026-03-04\/1581324488053_Dc5aQ-[0-9a-f]{12}\.mp4$/
    )
    expect(keys.thumbnail).toBe(keys.recording.replace(/\.mp4$/, '.thumbnail.jpg'))
  })

  it('gives two recordings of one channel on one day different keys', async () => {
    const first = await archiveKeys(SOURCE)
    const second = await archiveKeys({ ...SOURCE, url: SOURCE.url.replace('r4nd0m', 'other') })

    expect(first.recording).not.toBe(second.recording)
  })

  it('gives the same recording the same keys every time', async () => {
    expect(await archiveKeys(SOURCE)).toEqual(await archiveKeys(SOURCE))
  })

  it('has no thumbnail key without a thumbnail', async () => {
    expect((await archiveKeys({ ...SOURCE, thumbnail: null })).thumbnail).toBeNull()
  })

  it('names a URL without a file name "recording"', async () => {
    const keys = await archiveKeys({ ...SOURCE, url: 'https://s3.amazonaws.com/' })
    expect(keys.recording).toMatch(/\/recording-[0-9a-f]{12}$/)
  })

  it('cannot escape its folder, whatever the channel id says', async () => {
    const keys = await archiveKeys({ ...SOURCE, channelId: '../../etc' })
    expect(keys.recording.startsWith('recordings/%2E.%2F..%2Fetc/2026-03-04/')).toBe(true)
  })
})

describe('key segments', () => {
  it('keeps letters, digits, _ and - and inner dots', async () => {
    expect(await keySegment('Ab9_-x.y')).toBe('Ab9_-x.y')
  })

  it('percent-encodes slashes, percent signs, tildes, spaces and a leading dot', async () => {
    expect(await keySegment('a/b%c~d e')).toBe('a%2Fb%25c%7Ed%20e')
    expect(await keySegment('..')).toBe('%2E.')
    expect(await keySegment('.')).toBe('%2E')
  })

  it('encodes non-ASCII text as UTF-8 bytes', async () => {
    expect(await keySegment('방송')).toBe('%EB%B0%A9%EC%86%A1')
  })

  it('keeps distinct inputs distinct, including ones that look encoded', async () => {
    const inputs = ['a/b', 'a%2Fb', 'a_b', '.a', '%2Ea']
    const segments = await Promise.all(inputs.map((input) => keySegment(input)))
    expect(new Set(segments).size).toBe(inputs.length)
  })

  it('cuts a long segment to at most 200 characters ending in ~ and a hash', async () => {
    const long = 'x'.repeat(1024)
    const segment = await keySegment(long)

    expect(segment).toHaveLength(199)
    expect(segment).toMatch(/^x{182}~[0-9a-f]{16}$/)
    expect(await keySegment(`${long}y`)).not.toBe(segment)
  })

  it('never cuts through a percent escape', async () => {
    const segment = await keySegment('/'.repeat(300))
    expect(segment).toMatch(/^(%2F)+~[0-9a-f]{16}$/)
  })
})

describe('file names', () => {
  it('takes the last path segment, decoded', () => {
    expect(lastPathSegment('https://h/a/b%20c.mp4?x=1')).toBe('b c.mp4')
    expect(lastPathSegment('https://h/a/b/')).toBe('b')
    expect(lastPathSegment('https://h/%E0%A4%A')).toBe('%E0%A4%A')
  })

  it('splits short alphanumeric extensions only', () => {
    expect(splitName('ch.MP4')).toEqual({ stem: 'ch', extension: '.mp4' })
    expect(splitName('archive.tar.gz')).toEqual({ stem: 'archive.tar', extension: '.gz' })
    expect(splitName('noext')).toEqual({ stem: 'noext', extension: '' })
    expect(splitName('.hidden')).toEqual({ stem: '.hidden', extension: '' })
  })
})
