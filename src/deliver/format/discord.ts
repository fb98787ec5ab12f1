/** Discord webhook messages: the same content as the Slack message, as one embed. */
import type { EventEnvelope } from '../types'
import { clampEscaped, humanDuration, humanSize } from './human'
import { describeRecording, type MessageLinks } from './message'

/** Discord's documented embed limits. */
export const DISCORD_LIMITS = { title: 256, description: 4096, fieldName: 256, fieldValue: 1024 }

/** One embed field. */
export interface DiscordField {
  name: string
  value: string
  inline?: boolean
}

/** The body POSTed to a Discord webhook; mentions are disabled so no text can ping anyone. */
export interface DiscordMessage {
  content: string
  embeds: {
    title: string
    description?: string
    url?: string
    timestamp: string
    color: number
    fields?: DiscordField[]
    thumbnail?: { url: string }
    footer: { text: string }
  }[]
  allowed_mentions: { parse: [] }
}

/** Backslash-escapes Discord markdown so sender text renders literally. */
export function escapeDiscord(text: string): string {
  // Markdown that works anywhere in a line; `#`, `-` and `>` only act at its start.
  return text
    .replace(/[\\*_~`|[\]]/g, '\\$&')
    .replace(/^([#>-])/, '\\$1')
    .replace(/@/g, '@\u200b')
}

const GREEN = 0x2eb67d
const GREY = 0x868e96

/** Builds the Discord message for one event. */
export function discordMessage(event: EventEnvelope, links: MessageLinks = {}): DiscordMessage {
  const channel = clampEscaped(event.channel_id, 200, escapeDiscord)
  const footer = { text: `Event ${event.id}` }
  if (event.type !== 'recording.completed') {
    const verb = event.type === 'channel.created' ? 'started' : 'closed'
    const title = clampEscaped(`Channel ${event.channel_id} ${verb}`, DISCORD_LIMITS.title)
    const embed = { title, timestamp: event.received_at, color: GREY, footer }
    return { content: '', embeds: [embed], allowed_mentions: { parse: [] } }
  }

  const recording = describeRecording(event)
  const fields: DiscordField[] = [{ name: 'Channel', value: channel, inline: true }]
  if (recording.duration !== null) {
    fields.push({ name: 'Duration', value: humanDuration(recording.duration), inline: true })
  }
  if (recording.filesize !== null) {
    fields.push({ name: 'Size', value: humanSize(recording.filesize), inline: true })
  }
  const lines = [`[Download MP4](${markdownUrl(recording.url)})`]
  if (links.archive) lines.push(`[Archived copy](${markdownUrl(links.archive)})`)

  const embed: DiscordMessage['embeds'][number] = {
    title: clampEscaped(`Recording ready: ${event.channel_id}`, DISCORD_LIMITS.title),
    url: recording.url,
    description: lines.join('\n'),
    timestamp: event.received_at,
    color: GREEN,
    fields,
    footer,
  }
  if (recording.thumbnail) embed.thumbnail = { url: recording.thumbnail }
  return { content: '', embeds: [embed], allowed_mentions: { parse: [] } }
}

/** Parentheses and spaces would end a markdown link early. */
function markdownUrl(url: string): string {
  return url.replace(/[() ]/g, (char) => encodeURIComponent(char))
}
