import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

// Two projects: "workers" runs inside workerd with local D1/Queue/R2 bindings; "node" starts the
// worker as users do (wrangler dev) and talks to it over 127.0.0.1, plus the browser test.
export default defineConfig(async () => {
  const migrations = await readD1Migrations('./migrations')
  return {
    test: {
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: './wrangler.toml' },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  INGEST_TOKEN: 'test-ingest-token',
                  INGEST_TOKEN_NEXT: 'test-ingest-token-next',
                  ADMIN_TOKEN: 'test-admin-token',
                  // Recordings posted by tests name s3.amazonaws.com; this machine has no route
                  // there, so their background archive fails fast as "host not allowed" instead.
                  ARCHIVE_SOURCE_HOSTS: '127.0.0.1',
                },
              },
            }),
          ],
          test: {
            name: 'workers',
            include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
            exclude: ['test/e2e/**', 'test/browser/**', 'test/**/*.node.test.ts'],
            setupFiles: ['./test/setup.ts'],
            globalSetup: ['./test/archive/origin.global.mjs', './test/deliver/sink.global.mjs'],
          },
        },
        {
          test: {
            name: 'node',
            include: [
              'test/e2e/**/*.test.ts',
              'test/browser/**/*.test.ts',
              'test/**/*.node.test.ts',
            ],
            environment: 'node',
            // Each file starts its own wrangler dev; on 2 cores they run best one at a time.
            fileParallelism: false,
            testTimeout: 60_000,
            hookTimeout: 120_000,
          },
        },
      ],
    },
  }
})
