/** One outbound POST with a timeout, judged into an attempt outcome. Never logs the URL. */
import { errorWithout } from '../http/log'
import { classifyStatus, parseRetryAfter } from './schedule'
import type { AttemptOutcome } from './types'

/** At most this much of a response body is kept on the delivery. */
export const EXCERPT_BYTES = 2048

/** Answers that must also carry a particular body to count as delivered (Slack says `ok`). */
export type BodyCheck = (status: number, excerpt: string) => string | undefined

/** POSTs `body` and classifies the answer; network errors and timeouts become retries. */
export async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  check?: BodyCheck
): Promise<AttemptOutcome> {
  let response: Response
  try {
    response = await fetch(url, { method: 'POST', body, headers, signal, redirect: 'manual' })
  } catch (err) {
    const error = signal.aborted
      ? 'timeout: no answer in time'
      : `network error: ${errorWithout(err, url, '<target url>')}`
    return { result: 'retry', error }
  }

  const excerpt = await readExcerpt(response)
  const outcome = classifyStatus(
    response.status,
    excerpt,
    parseRetryAfter(response.headers.get('retry-after'))
  )
  const refusal = outcome.result === 'succeeded' ? check?.(response.status, excerpt) : undefined
  if (refusal) return { result: 'retry', statusCode: response.status, error: refusal, excerpt }
  return outcome
}

/** Reads at most EXCERPT_BYTES of the body, then lets the rest go. */
async function readExcerpt(response: Response): Promise<string> {
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    while (total < EXCERPT_BYTES) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      total += value.byteLength
    }
  } catch {
    // A body cut short still leaves the status code to judge by.
  } finally {
    reader.cancel().catch(() => {})
  }
  const bytes = new Uint8Array(Math.min(total, EXCERPT_BYTES))
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk.subarray(0, bytes.length - offset), offset)
    offset += Math.min(chunk.byteLength, bytes.length - offset)
  }
  return new TextDecoder().decode(bytes)
}
