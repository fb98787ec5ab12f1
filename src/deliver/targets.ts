/** Runners for the configured target kinds: Slack, Discord and signed webhooks. */
import { Webhook } from 'standardwebhooks'
import { signedFileLink } from '../archive/link'
import type { Target } from '../config/targets'
import type { Env } from '../env'
import { recordingIdFor } from '../store/ids'
import { discordMessage } from './format/discord'
import { slackMessage } from './format/slack'
import { post } from './http'
import type { AttemptContext, AttemptOutcome, AttemptRunner } from './types'

const USER_AGENT = 'livecast-relay/0.1'
const JSON_HEADERS = { 'content-type': 'application/json', 'user-agent': USER_AGENT }

/** The target's URL, from `url` or the named secret; undefined when the secret is not set. */
export function targetUrl(target: Target, env: Env): string | undefined {
  if (target.url) return target.url
  if (!target.url_secret) return undefined
  const value = env[target.url_secret]
  return typeof value === 'string' && value ? value : undefined
}

function missingSecret(name: string): AttemptOutcome {
  return {
    result: 'retry',
    error: `secret ${name} is not set: run \`wrangler secret put ${name}\``,
  }
}

/** One attempt to a configured target whose URL has been resolved. */
type TargetAttempt = (
  context: AttemptContext & { target: Target; url: string }
) => Promise<AttemptOutcome>

/** Resolves the target's URL first: an unset secret fails the attempt with the hint. */
function toRunner(attempt: TargetAttempt): AttemptRunner {
  return async (context) => {
    const { target } = context
    if (!target) return { result: 'dead', error: `target ${context.delivery.target} is unknown` }
    const url = targetUrl(target, context.env)
    if (!url) return missingSecret(target.url_secret ?? 'url')
    return attempt({ ...context, target, url })
  }
}

/** Slack incoming webhooks answer 200 with the body `ok`; anything else did not post. */
const slack = toRunner(async ({ env, event, target, url, signal }) => {
  const message = slackMessage(event, { archive: await archiveFor(env, event.id, event.type) })
  return post(url, JSON.stringify(message), headersFor(target), signal, (_, body) =>
    body.trim() === 'ok' ? undefined : `Slack did not answer ok: ${body.slice(0, 200)}`
  )
})

/** Discord answers 204, or 200 with the created message when `?wait=true`. */
const discord = toRunner(async ({ env, event, target, url, signal }) => {
  const message = discordMessage(event, { archive: await archiveFor(env, event.id, event.type) })
  return post(url, JSON.stringify(message), headersFor(target), signal, (status, body) =>
    status === 204 || /"id"\s*:/.test(body) ? undefined : `Discord did not confirm the message`
  )
})

/** The event envelope, signed with Standard Webhooks headers when a secret is configured. */
const webhook = toRunner(async ({ env, event, delivery, target, url, signal }) => {
  const body = JSON.stringify(event)
  const timestamp = new Date()
  const headers: Record<string, string> = {
    ...headersFor(target),
    'livecast-delivery-id': delivery.id,
    'webhook-id': event.id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
  }
  if (target.signing_secret) {
    const secret = env[target.signing_secret]
    if (typeof secret !== 'string' || !secret) return missingSecret(target.signing_secret)
    headers['webhook-signature'] = new Webhook(secret).sign(event.id, timestamp, body)
  }
  return post(url, body, headers, signal)
})

/** The runner for each configured target type. */
export const TARGET_RUNNERS: Record<Target['type'], AttemptRunner> = { slack, discord, webhook }

function headersFor(target: Target): Record<string, string> {
  return { ...target.headers, ...JSON_HEADERS }
}

/** A signed link to the archived copy; it serves the file once the copy has completed. */
async function archiveFor(env: Env, eventId: string, type: string) {
  if (!env.ARCHIVE || type !== 'recording.completed') return undefined
  return signedFileLink(env, recordingIdFor(eventId))
}
