import { describe, expect, it } from 'vitest'
import { parseTargets } from '../../src/config/targets'

const slack = { name: 'slack-live', type: 'slack', url_secret: 'SLACK_LIVE_URL' }

describe('parseTargets', () => {
  it('treats an absent or blank config as no targets', () => {
    expect(parseTargets(undefined)).toEqual({ ok: true, targets: [] })
    expect(parseTargets('  ')).toEqual({ ok: true, targets: [] })
  })

  it('accepts the array wrangler.toml gives and the JSON string --var gives', () => {
    expect(parseTargets([slack])).toEqual({ ok: true, targets: [slack] })
    expect(parseTargets(JSON.stringify([slack]))).toEqual({ ok: true, targets: [slack] })
  })

  it('accepts a webhook with a url, signing secret, headers, filters and timeout', () => {
    const target = {
      name: 'media-service',
      type: 'webhook',
      url: 'https://media.internal.example.com/livecast',
      signing_secret: 'MEDIA_SIGNING_SECRET',
      headers: { 'X-Team': 'video' },
      events: ['recording.completed'],
      channels: ['prod-*'],
      timeout_ms: 10000,
    }
    expect(parseTargets([target])).toEqual({ ok: true, targets: [target] })
  })

  it('says the JSON is broken', () => {
    expect(parseTargets('[{')).toEqual({ ok: false, errors: ['TARGETS: not valid JSON'] })
  })

  it('names the target and field of each error', () => {
    const result = parseTargets([slack, { name: 'hook', type: 'webhook', url: 'ftp://x/' }])
    expect(result).toEqual({
      ok: false,
      errors: ['target "hook" (TARGETS[1]): url: must be an http(s) URL'],
    })
  })

  it('requires exactly one of url and url_secret', () => {
    const both = { ...slack, url: 'https://hooks.slack.com/x' }
    const neither = { name: 'x', type: 'discord' }
    const result = parseTargets([both, neither])
    expect(result).toEqual({
      ok: false,
      errors: [
        'target "slack-live" (TARGETS[0]): url_secret: set exactly one of `url` and `url_secret`',
        'target "x" (TARGETS[1]): url: set exactly one of `url` and `url_secret`',
      ],
    })
  })

  it('refuses duplicate names, the reserved name "archive" and unknown keys', () => {
    const result = parseTargets([slack, slack, { ...slack, name: 'archive' }, { ...slack, x: 1 }])
    expect(result.ok).toBe(false)
    expect(!result.ok && result.errors).toEqual([
      'target "archive" (TARGETS[2]): name: "archive" is reserved for the R2 archive',
      'target "slack-live" (TARGETS[3]): target: Unrecognized key: "x"',
      'target "slack-live" (TARGETS[1]): name: duplicate target name',
      'target "slack-live" (TARGETS[3]): name: duplicate target name',
    ])
  })

  it('refuses reserved headers and values with control characters', () => {
    const headers = { Host: 'evil', 'X-Ok': 'line\nbreak' }
    const result = parseTargets([{ name: 'h', type: 'webhook', url: 'https://a/', headers }])
    expect(!result.ok && result.errors).toEqual([
      'target "h" (TARGETS[0]): headers.Host: this header is reserved',
      'target "h" (TARGETS[0]): headers.X-Ok: header values must not contain control characters',
    ])
  })

  it('refuses a signing secret on a slack target', () => {
    expect(parseTargets([{ ...slack, signing_secret: 'S' }])).toEqual({
      ok: false,
      errors: ['target "slack-live" (TARGETS[0]): signing_secret: only webhook targets are signed'],
    })
  })

  it('refuses an unknown event type, naming its position', () => {
    const result = parseTargets([{ ...slack, events: ['recording.started'] }])
    expect(!result.ok && result.errors.map((error) => error.split(': ')[1])).toEqual(['events.0'])
  })
})
