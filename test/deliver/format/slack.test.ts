import { describe, expect, it } from 'vitest'
import { escapeSlack, SLACK_LIMITS, slackMessage } from '../../../src/deliver/format/slack'
import { channelEnvelope, recordingEnvelope } from './fixtures'

const json = (value: unknown) => JSON.stringify(value)

describe('slackMessage for a recording', () => {
  it('shows channel, duration, size, thumbnail and links, with a text fallback', () => {
    const message = slackMessage(recordingEnvelope(), { archive: 'https://relay.example/a' })

    expect(message.text).toBe('Recording ready on studio-a-0412 (1h 02m 05s, 734 MB)')
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Recording ready: studio-a-0412', emoji: false },
    })
    expect(message.blocks[1]).toMatchObject({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*Channel*\nstudio-a-0412' },
        { type: 'mrkdwn', text: '*Duration*\n1h 02m 05s' },
        { type: 'mrkdwn', text: '*Size*\n734 MB' },
        { type: 'mrkdwn', text: '*Received*\n2026-12-03T10:00:00.000Z' },
      ],
      accessory: { type: 'image', image_url: 'https://s3.amazonaws.com/svc/p0x7w3/thumb.jpg' },
    })
    expect(json(message.blocks[2])).toContain(
      '<https://s3.amazonaws.com/svc/p0x7w3/studio-a-0412.mp4|Download MP4>'
    )
    expect(json(message.blocks[2])).toContain('<https://relay.example/a|Archived copy>')
  })

  it('keeps <!channel> in a channel id as text, never a mention', () => {
    const message = slackMessage(recordingEnvelope({}, '<!channel> & <@U123>'))
    const body = json(message)

    expect(body).not.toContain('<!channel>')
    expect(body).not.toContain('<@U123>')
    expect(message.text).toContain('&lt;!channel&gt; &amp; &lt;@U123&gt;')
    expect(json(message.blocks[1])).toContain('&lt;!channel&gt;')
  })

  it('drops an http thumbnail and omits missing optional fields', () => {
    const message = slackMessage(
      recordingEnvelope({
        thumbnail: 'http://insecure.example/t.jpg',
        duration: null,
        filesize: null,
      })
    )

    expect(json(message)).not.toContain('insecure.example')
    expect(message.blocks[1]).not.toHaveProperty('accessory')
    expect(json(message.blocks[1])).not.toContain('Duration')
    expect(json(message.blocks[1])).not.toContain('Size')
    expect(message.text).toBe('Recording ready on studio-a-0412')
  })

  it('clamps long channel ids to Block Kit limits without splitting Hangul', () => {
    const channel = '방송'.repeat(2000)
    const message = slackMessage(recordingEnvelope({}, channel))
    const header = message.blocks[0] as { text: { text: string } }

    expect(header.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.header)
    expect(header.text.text.endsWith('…')).toBe(true)
    expect(header.text.text).not.toMatch(/[\ud800-\udfff]/)
    for (const block of message.blocks) {
      for (const field of (block as { fields?: { text: string }[] }).fields ?? []) {
        expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.field)
      }
    }
    expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text)
  })

  it('keeps Hangul intact', () => {
    const message = slackMessage(recordingEnvelope({}, '라이브-방송'))
    expect(message.text).toContain('라이브-방송')
  })
})

describe('slackMessage for a channel event', () => {
  it('is one short line', () => {
    const message = slackMessage(channelEnvelope('channel.closed', 'studio-a-0412'))
    expect(message.text).toBe('Channel studio-a-0412 closed')
    expect(message.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Channel *studio-a-0412* closed.' } },
    ])
  })
})

describe('escapeSlack', () => {
  it('escapes exactly &, < and >', () => {
    expect(escapeSlack('a & <b> "c"')).toBe('a &amp; &lt;b&gt; "c"')
  })
})
