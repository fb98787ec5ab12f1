// Vitest global setup (runs in Node): starts the local origin the archive tests fetch from.
import { startOrigin } from '../../scripts/origin.mjs'

/** Starts the origin, hands its URL to the tests as `archiveOrigin`, stops it afterwards. */
export default async function setup({ provide }) {
  const origin = await startOrigin()
  provide('archiveOrigin', origin.url)
  return () => origin.stop()
}
