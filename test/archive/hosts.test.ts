import { describe, expect, it } from 'vitest'
import {
  DEFAULT_SOURCE_HOSTS,
  hostAllowed,
  sourceAllowed,
  sourceHostPatterns,
} from '../../src/archive/hosts'

describe('source host patterns', () => {
  it('defaults to the Amazon S3 hosts when unset or blank', () => {
    expect(sourceHostPatterns(undefined)).toEqual(DEFAULT_SOURCE_HOSTS)
    expect(sourceHostPatterns(' , ')).toEqual(DEFAULT_SOURCE_HOSTS)
  })

  it('reads a comma-separated list, trimmed and lower-cased', () => {
    expect(sourceHostPatterns(' 127.0.0.1, Media.Example.COM. ')).toEqual([
      '127.0.0.1',
      'media.example.com',
    ])
  })

  it.each([
    's3.amazonaws.com',
    'S3.AMAZONAWS.COM.',
    'remon-recordings.s3.amazonaws.com',
    'my.dotted.bucket.s3.amazonaws.com',
    's3.ap-northeast-2.amazonaws.com',
    'bucket.s3.ap-northeast-2.amazonaws.com',
    's3-ap-northeast-2.amazonaws.com',
    'bucket.s3-ap-northeast-2.amazonaws.com',
    's3.dualstack.us-east-1.amazonaws.com',
    'bucket.s3.dualstack.us-east-1.amazonaws.com',
  ])('allows the S3 host %s by default', (host) => {
    expect(hostAllowed(host, DEFAULT_SOURCE_HOSTS)).toBe(true)
  })

  it.each([
    '127.0.0.1',
    'localhost',
    'amazonaws.com',
    'evil.com',
    's3.amazonaws.com.evil.com',
    'xyz.execute-api.us-east-1.amazonaws.com',
    'ec2-1-2-3-4.compute-1.amazonaws.com',
    's3.amazonaws.co',
  ])('refuses %s by default', (host) => {
    expect(hostAllowed(host, DEFAULT_SOURCE_HOSTS)).toBe(false)
  })

  it('lets `*` inside a label match within that label only', () => {
    expect(hostAllowed('cdn-7.example.com', ['cdn-*.example.com'])).toBe(true)
    expect(hostAllowed('cdn-7.evil.example.com', ['cdn-*.example.com'])).toBe(false)
    expect(hostAllowed('a.b.example.com', ['*.example.com'])).toBe(true)
    expect(hostAllowed('example.com', ['*.example.com'])).toBe(false)
  })
})

describe('source URLs', () => {
  it('checks the host of http and https URLs, ignoring the port', () => {
    expect(sourceAllowed('https://s3.amazonaws.com/svc/a/ch.mp4', DEFAULT_SOURCE_HOSTS)).toBe(true)
    expect(sourceAllowed('http://127.0.0.1:4567/a.mp4', ['127.0.0.1'])).toBe(true)
    expect(sourceAllowed('http://127.0.0.2:4567/a.mp4', ['127.0.0.1'])).toBe(false)
  })

  it('refuses other schemes and unparseable URLs', () => {
    expect(sourceAllowed('ftp://s3.amazonaws.com/a.mp4', DEFAULT_SOURCE_HOSTS)).toBe(false)
    expect(sourceAllowed('file:///etc/passwd', ['127.0.0.1'])).toBe(false)
    expect(sourceAllowed('not a url', DEFAULT_SOURCE_HOSTS)).toBe(false)
  })
})
