// Vitest global setup (runs in Node): a stand-in target server the workerd tests deliver to.
import { startSink } from '../../scripts/lib/sink.mjs'

/** Starts the sink, hands its URL to the tests as `sinkUrl`, stops it afterwards. */
export default async function setup({ provide }) {
  const sink = await startSink()
  provide('sinkUrl', sink.url)
  return () => sink.stop()
}
