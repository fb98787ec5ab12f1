// The dashboard in a real browser: Debian's headless Chromium driven by playwright-core, against
// the worker under wrangler dev, with thumbnails and targets served from 127.0.0.1.
// Run alone: npx vitest run test/browser  (DASHBOARD_SCREENSHOT=docs/dashboard.png to save one).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWorker, type LocalWorker } from '../../scripts/lib/local-worker.mjs'
import { startStandIns, type StandIns } from './stand-ins'

const INGEST_TOKEN = 'browser-ingest-token'
const ADMIN_TOKEN = 'browser-admin-token'
const SCRIPT_CHANNEL = '<script>alert(1)</script>'
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
]

let files: StandIns
let worker: LocalWorker
let browser: BrowserContext
let profile: string
const dialogs: string[] = []

async function hook(query: string, body?: object) {
  const response = await fetch(`${worker.url}/hooks/${INGEST_TOKEN}/${query}`, {
    method: body ? 'POST' : 'GET',
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  })
  expect(response.status).toBe(200)
  return (await response.json()) as { event_id: string }
}

function recording(channel: string, n: number, seconds: number, bytes: number) {
  const url = `${files.url}/video/${encodeURIComponent(channel)}-${bytes}.mp4`
  return {
    id: channel,
    url,
    thumbnail: `${files.url}/thumb/${n}.png`,
    duration: seconds,
    filesize: bytes,
  }
}

async function until<T>(probe: () => T | undefined | false | Promise<T | undefined | false>) {
  const deadline = Date.now() + 45_000
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${probe}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

beforeAll(async () => {
  files = await startStandIns()
  const TARGETS = [
    { name: 'team-slack', type: 'slack', url: `${files.url}/slack` },
    {
      name: 'media',
      type: 'webhook',
      url: `${files.url}/media`,
      channels: ['studio-*'],
      events: ['recording.completed'],
      timeout_ms: 30_000,
    },
  ]
  worker = await startWorker({
    secrets: { INGEST_TOKEN, ADMIN_TOKEN },
    vars: { TARGETS, ARCHIVE_SOURCE_HOSTS: '127.0.0.1' },
  })

  await hook(`?action=create&chid=studio-a`)
  await hook(`?action=create&chid=lobby-cam`)
  await hook('', recording('lobby-cam', 2, 754, 840_000))
  await hook(`?action=close&chid=lobby-cam`)
  await hook('', recording(SCRIPT_CHANNEL, 1, 65, 150_000))
  await hook('', recording('studio-a', 0, 3725, 3_250_000))
  // The media target answers 404 (permanent), so its delivery goes dead.
  await until(
    () => worker.d1(`SELECT id FROM deliveries WHERE target = 'media' AND status = 'dead'`)[0]
  )
  // Every other delivery succeeds: six Slack messages and three archive copies.
  const others = `SELECT count(*) AS n FROM deliveries WHERE target != 'media' AND status = 'succeeded'`
  await until(() => worker.d1<{ n: number }>(others)[0]?.n === 9)

  profile = mkdtempSync(join(tmpdir(), 'livecast-relay-chromium-'))
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 900 },
  })
})

afterAll(async () => {
  await browser?.close()
  if (profile) rmSync(profile, { recursive: true, force: true })
  worker?.stop()
  await files?.stop()
})

async function openPage(): Promise<Page> {
  const page = await browser.newPage()
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  return page
}

describe('dashboard in Chromium', () => {
  let page: Page

  it('signs in through the login form', async () => {
    page = await openPage()
    await page.goto(`${worker.url}/dashboard`)
    expect(new URL(page.url()).pathname).toBe('/dashboard/login')
    await page.fill('#token', ADMIN_TOKEN)
    await page.click('button[type=submit]')
    await page.waitForURL(`${worker.url}/dashboard`)
    expect(await page.locator('h2').allTextContents()).toEqual([
      'Live channels (1)',
      'Recent recordings',
      'Failed deliveries (1)',
    ])
    const cookies = await browser.cookies(worker.url)
    expect(cookies.map(({ name, httpOnly, sameSite }) => ({ name, httpOnly, sameSite }))).toEqual([
      { name: '__Host-relay_session', httpOnly: true, sameSite: 'Strict' },
    ])
  })

  it('shows the seeded recordings with their thumbnails loaded', async () => {
    const rows = page.locator('#recordings tbody tr')
    expect(await rows.count()).toBe(3)
    expect(await page.locator('#recordings td.channel').allInnerTexts()).toEqual([
      expect.stringContaining('studio-a'),
      expect.stringContaining(SCRIPT_CHANNEL),
      expect.stringContaining('lobby-cam'),
    ])
    await page.waitForFunction(() =>
      [...document.querySelectorAll('img.thumb')].every(
        (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0
      )
    )
    const sizes = await page
      .locator('img.thumb')
      .evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth))
    expect(sizes).toEqual([192, 192, 192])
    expect(files.requests.filter((r) => r.startsWith('GET /thumb/')).length).toBeGreaterThanOrEqual(
      3
    )
    const studio = rows.filter({ hasText: 'studio-a' })
    expect(await studio.innerText()).toContain('3.3 MB')
    expect(await studio.innerText()).toContain('1h 02m 05s')
    expect((await studio.locator('.badge').allInnerTexts()).sort()).toEqual([
      'archive: succeeded',
      'copied',
      'media: dead',
      'team-slack: succeeded',
    ])
    expect(await page.locator('#live td.channel').allInnerTexts()).toEqual(['studio-a'])
  })

  it('renders a channel id holding a script tag as text', async () => {
    const cell = page.locator('#recordings td.channel', { hasText: SCRIPT_CHANNEL })
    expect(await cell.count()).toBe(1)
    expect(await page.locator('script').count()).toBe(0)
    await page.reload()
    expect(dialogs).toEqual([])
  })

  it('retries a dead delivery from its button and shows it pending', async () => {
    if (process.env.DASHBOARD_SCREENSHOT) {
      await page.screenshot({ path: process.env.DASHBOARD_SCREENSHOT, fullPage: true })
    }
    files.setMediaMode('hold')
    const failure = page
      .locator('#attention tbody tr')
      .filter({ has: page.locator('td:first-child', { hasText: /^media$/ }) })
    expect(await failure.locator('.badge').innerText()).toBe('dead')
    await failure.getByRole('button', { name: 'Retry' }).click()
    await page.waitForURL(/notice=retried/)
    expect(await page.locator('.notice').innerText()).toBe(
      'The delivery is pending again and has been queued.'
    )
    const badges = page.locator('#recordings tr', { hasText: 'studio-a' }).locator('.badge')
    expect(await badges.allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^media: (pending|delivering)$/)])
    )
    expect(await page.locator('#attention h2').innerText()).toBe('Failed deliveries (0)')

    // The held request proves the retry really reached the target again.
    await until(() => files.requests.filter((r) => r === 'POST /media').length === 2)
    files.releaseMedia()
    await until(async () => {
      await page.reload()
      return (await badges.allInnerTexts()).includes('media: succeeded')
    })
  })
})
