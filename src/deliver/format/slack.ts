/** Slack Block Kit messages for each event type, with a plain-text fallback. */
import type { Block, KnownBlock, MrkdwnElement } from '@slack/types'
import type { EventEnvelope } from '../types'
import { clampEscaped, humanDuration, humanSize } from './human'
import { describeRecording, type MessageLinks } from './message'

/** Slack's documented Block Kit limits. */
export const SLACK_LIMITS = { header: 150, section: 3000, field: 2000, fields: 10, text: 3000 }

/** The body POSTed to a Slack incoming webhook. */
export interface SlackMessage {
  text: string
  blocks: (KnownBlock | Block)[]
  unfurl_links: false
}

/** Slack parses &, < and > in every text object, plain_text too: `<!channel>` must stay text. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** A `<url|label>` link; characters that would end the link early are percent-encoded. */
export function slackLink(url: string, label: string): string {
  const safe = url.replace(/[<>| ]/g, (char) => encodeURIComponent(char))
  return `<${safe}|${escapeSlack(label)}>`
}

const mrkdwn = (text: string, limit = SLACK_LIMITS.section): MrkdwnElement => ({
  type: 'mrkdwn',
  text: text.length <= limit ? text : clampEscaped(text, limit),
})

/** Builds the Slack message for one event. */
export function slackMessage(event: EventEnvelope, links: MessageLinks = {}): SlackMessage {
  const channel = clampEscaped(event.channel_id, 500, escapeSlack)
  if (event.type !== 'recording.completed') {
    const verb = event.type === 'channel.created' ? 'started' : 'closed'
    const line = `Channel *${channel}* ${verb}.`
    const text = `Channel ${channel} ${verb}`
    return { text, blocks: [{ type: 'section', text: mrkdwn(line) }], unfurl_links: false }
  }

  const recording = describeRecording(event)
  const facts: string[] = []
  if (recording.duration !== null) facts.push(humanDuration(recording.duration))
  if (recording.filesize !== null) facts.push(humanSize(recording.filesize))

  const fields = [mrkdwn(`*Channel*\n${channel}`, SLACK_LIMITS.field)]
  if (recording.duration !== null) fields.push(mrkdwn(`*Duration*\n${facts[0]}`))
  if (recording.filesize !== null) fields.push(mrkdwn(`*Size*\n${facts.at(-1)}`))
  fields.push(mrkdwn(`*Received*\n${event.received_at}`))
  const summary: KnownBlock = { type: 'section', fields: fields.slice(0, SLACK_LIMITS.fields) }
  if (recording.thumbnail) {
    const alt = clampEscaped(`Thumbnail of ${event.channel_id}`, 2000, escapeSlack)
    summary.accessory = { type: 'image', image_url: recording.thumbnail, alt_text: alt }
  }

  const linkLine = [slackLink(recording.url, 'Download MP4')]
  if (links.archive) linkLine.push(slackLink(links.archive, 'Archived copy'))
  const header = clampEscaped(
    `Recording ready: ${event.channel_id}`,
    SLACK_LIMITS.header,
    escapeSlack
  )
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: header, emoji: false } },
    summary,
    { type: 'section', text: mrkdwn(linkLine.join('  ·  ')) },
    { type: 'context', elements: [mrkdwn(`Event \`${event.id}\``)] },
  ]
  const suffix = facts.length ? ` (${facts.join(', ')})` : ''
  const text = clampEscaped(
    `Recording ready on ${event.channel_id}${suffix}`,
    SLACK_LIMITS.text,
    escapeSlack
  )
  return { text, blocks, unfurl_links: false }
}
