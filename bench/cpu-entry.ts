/** Bench entry bundled for Node: the pure ingest steps, from request bytes to a dedup key. */
import { dedupClaim } from '../src/ingest/dedup'
import { normalise } from '../src/ingest/normalise'
import { parseRequest } from '../src/ingest/parse'

/** One request as the samples file describes it. */
export interface SampleRequest {
  method: string
  query: Record<string, string>
  headers: Record<string, string>
  body: string
}

const encoder = new TextEncoder()

/** Turns a sample into what the route hands to the pure code: the body already read as bytes. */
export function toRaw(sample: SampleRequest) {
  return {
    method: sample.method,
    contentType: sample.headers['content-type'] ?? null,
    body: encoder.encode(sample.body),
    query: sample.query,
  }
}

/** Parse + validate + normalise + dedup key for one request; throws if it is not accepted. */
export async function ingestPure(raw: ReturnType<typeof toRaw>, now: number): Promise<string> {
  const parsed = await parseRequest(raw)
  const normalised = normalise(parsed.fields)
  if (!normalised.ok) throw new Error(normalised.message)
  return dedupClaim(normalised.event, now, 600).key
}
