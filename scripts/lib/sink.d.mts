/** Types for sink.mjs. */
export interface SinkRequest {
  method: string
  path: string
  headers: Record<string, string | string[] | undefined>
  body: string
  at: number
}
export interface Sink {
  url: string
  requests: SinkRequest[]
  stop(): Promise<void>
}
export function startSink(options?: { onRequest?: (request: SinkRequest) => void }): Promise<Sink>
