/**
 * Bundle-time stand-in for the `zod` package (wrangler.toml `[alias]`): the same API, without the
 * locale packs that esbuild cannot drop once any module imports `{ z }` (this worker uses English).
 */
import * as z from './zod-lean'

export * from './zod-lean'
export { z, z as default }
