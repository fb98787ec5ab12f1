import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

export default defineConfig(async () => {
  const migrations = await readD1Migrations('./migrations')
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            INGEST_TOKEN: 'test-ingest-token',
            INGEST_TOKEN_NEXT: 'test-ingest-token-next',
            ADMIN_TOKEN: 'test-admin-token',
          },
        },
      }),
    ],
    test: {
      include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
      exclude: ['test/e2e/**', 'test/browser/**'],
      setupFiles: ['./test/setup.ts'],
    },
  }
})
