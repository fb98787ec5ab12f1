// `npm run check` validates TARGETS from a real wrangler.toml with the runtime's zod schema.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const HEAD = `name = "relay"\nmain = "src/index.ts"\ncompatibility_date = "2026-11-01"\n`

function check(targets: string) {
  const dir = mkdtempSync(join(tmpdir(), 'check-config-'))
  const file = join(dir, 'wrangler.toml')
  writeFileSync(file, HEAD + targets)
  const run = spawnSync(process.execPath, ['scripts/check-config.mjs', '--config', file], {
    encoding: 'utf8',
  })
  return { status: run.status, out: run.stdout + run.stderr }
}

describe('check-config', () => {
  it('accepts the documented example and lists the secrets it reads', () => {
    const { status, out } = check(`
[[vars.TARGETS]]
name = "slack-live"
type = "slack"
url_secret = "SLACK_LIVE_URL"
events = ["recording.completed", "channel.closed"]
channels = ["prod-*"]

[[vars.TARGETS]]
name = "media-service"
type = "webhook"
url = "https://media.internal.example.com/livecast"
signing_secret = "MEDIA_SIGNING_SECRET"
headers = { "X-Team" = "video" }
timeout_ms = 10000
`)
    expect(status).toBe(0)
    expect(out).toContain('2 target(s) valid')
    expect(out).toContain('SLACK_LIVE_URL (slack-live)')
    expect(out).toContain('MEDIA_SIGNING_SECRET (media-service)')
  })

  it('rejects a duplicate name, naming the target and field', () => {
    const target = `[[vars.TARGETS]]\nname = "ops"\ntype = "slack"\nurl = "https://hooks.example/a"\n`
    const { status, out } = check(target + target)
    expect(status).toBe(1)
    expect(out).toContain('target "ops" (TARGETS[1]): name: duplicate target name')
  })

  it('rejects an unknown type', () => {
    const { status, out } = check(
      `[[vars.TARGETS]]\nname = "t"\ntype = "teams"\nurl = "https://x.example"\n`
    )
    expect(status).toBe(1)
    expect(out).toMatch(/target "t" \(TARGETS\[0\]\): type: .*"slack"\|"discord"\|"webhook"/)
  })

  it('rejects a header value with CRLF', () => {
    const { status, out } = check(`[[vars.TARGETS]]
name = "media"
type = "webhook"
url = "https://media.example.com"
headers = { "X-Team" = "video\\r\\nX-Evil: 1" }
`)
    expect(status).toBe(1)
    expect(out).toContain(
      'target "media" (TARGETS[0]): headers.X-Team: header values must not contain control characters'
    )
  })

  it('rejects both url and url_secret', () => {
    const { status, out } = check(`[[vars.TARGETS]]
name = "slack-live"
type = "slack"
url = "https://hooks.slack.com/services/x"
url_secret = "SLACK_LIVE_URL"
`)
    expect(status).toBe(1)
    expect(out).toContain(
      'target "slack-live" (TARGETS[0]): url_secret: set exactly one of `url` and `url_secret`'
    )
  })
})
