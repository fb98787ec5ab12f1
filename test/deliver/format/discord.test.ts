import { describe, expect, it } from 'vitest'
import { discordMessage } from '../../../src/deliver/format/discord'
import { recordingEnvelope } from './fixtures'

describe('discordMessage', () => {
  it('carries the same facts as an embed, with mentions disabled', () => {
    const message = discordMessage(recordingEnvelope())
    const [embed] = message.embeds

    expect(message.allowed_mentions).toEqual({ parse: [] })
    expect(embed).toMatchObject({
      title: 'Recording ready: studio-a-0412',
      url: 'https://s3.amazonaws.com/svc/p0x7w3/studio-a-0412.mp4',
      thumbnail: { url: 'https://s3.amazonaws.com/svc/p0x7w3/thumb.jpg' },
      fields: [
        { name: 'Channel', value: 'studio-a-0412', inline: true },
        { name: 'Duration', value: '1h 02m 05s', inline: true },
        { name: 'Size', value: '734 MB', inline: true },
      ],
    })
  })

  it('escapes markdown and breaks @everyone in sender text', () => {
    const message = discordMessage(recordingEnvelope({}, '@everyone **bold**'))
    expect(message.embeds[0]!.fields![0]!.value).toBe('@\u200beveryone \\*\\*bold\\*\\*')
  })
})
