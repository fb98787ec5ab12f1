import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../src/app'
import { send } from '../helpers'
import { attemptArchive, ingestRecording, originFile, type Ingested } from './helpers'

const SIZE = 1024 * 1024 + 17
const AUTH = { authorization: 'Bearer test-admin-token' }

let archived: Ingested
let source: Uint8Array

function file(id: string, headers: Record<string, string> = {}, method = 'GET') {
  return send(`/api/recordings/${id}/file`, { method, headers: { ...AUTH, ...headers } })
}

beforeAll(async () => {
  const url = originFile(SIZE, `served-${crypto.randomUUID().slice(0, 8)}`)
  archived = await ingestRecording({ url, filesize: SIZE })
  const outcome = await attemptArchive(archived.eventId)
  if (outcome.result !== 'succeeded') throw new Error(`archive failed: ${JSON.stringify(outcome)}`)
  source = new Uint8Array(await (await fetch(url)).arrayBuffer())
})

describe('GET /api/recordings/:id/file', () => {
  it('streams the whole archived file with its length, type and etag', async () => {
    const response = await file(archived.recordingId)

    expect(response.status).toBe(200)
    expect(response.headers.get('content-length')).toBe(String(SIZE))
    expect(response.headers.get('content-type')).toBe('video/mp4')
    expect(response.headers.get('accept-ranges')).toBe('bytes')
    const object = await env.ARCHIVE!.head(`${(await row()).archive_key}`)
    expect(response.headers.get('etag')).toBe(object?.httpEtag)
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(source)
  })

  it('answers a byte range with 206, Content-Range and exactly those bytes', async () => {
    const response = await file(archived.recordingId, { range: 'bytes=1000-1999' })

    expect(response.status).toBe(206)
    expect(response.headers.get('content-range')).toBe(`bytes 1000-1999/${SIZE}`)
    expect(response.headers.get('content-length')).toBe('1000')
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(source.slice(1000, 2000))
  })

  it('answers a suffix range with the last bytes', async () => {
    const response = await file(archived.recordingId, { range: 'bytes=-17' })

    expect(response.status).toBe(206)
    expect(response.headers.get('content-range')).toBe(`bytes ${SIZE - 17}-${SIZE - 1}/${SIZE}`)
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(source.slice(SIZE - 17))
  })

  it('answers an open range to the end of the file', async () => {
    const response = await file(archived.recordingId, { range: `bytes=${SIZE - 5}-` })

    expect(response.status).toBe(206)
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(source.slice(SIZE - 5))
  })

  it('answers a range past the end with 416 and the size', async () => {
    const response = await file(archived.recordingId, { range: `bytes=${SIZE}-` })

    expect(response.status).toBe(416)
    expect(response.headers.get('content-range')).toBe(`bytes */${SIZE}`)
    expect(await response.json()).toMatchObject({ error: { code: 'range_not_satisfiable' } })
  })

  it('serves the whole file for several ranges, a malformed range or a stale If-Range', async () => {
    const variants: Record<string, string>[] = [
      { range: 'bytes=0-1,10-11' },
      { range: 'bytes=abc' },
      { range: 'items=0-1' },
      { range: 'bytes=0-1', 'if-range': '"stale"' },
    ]
    for (const headers of variants) {
      const response = await file(archived.recordingId, headers)
      expect(response.status).toBe(200)
      expect((await response.arrayBuffer()).byteLength).toBe(SIZE)
    }
  })

  it('answers 304 when the client already has this version', async () => {
    const etag = (await file(archived.recordingId, {}, 'HEAD')).headers.get('etag')!
    const response = await file(archived.recordingId, { 'if-none-match': etag })
    expect(response.status).toBe(304)
  })

  it('answers HEAD with the headers only', async () => {
    const response = await file(archived.recordingId, { range: 'bytes=0-9' }, 'HEAD')

    expect(response.status).toBe(206)
    expect(response.headers.get('content-length')).toBe('10')
    expect(await response.text()).toBe('')
  })

  it('answers 404 for an unknown recording and for one not archived', async () => {
    const unknown = await file('rec_doesnotexist')
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'not_found' } })

    const pending = await ingestRecording({ url: originFile(10, 'pending') })
    const notYet = await file(pending.recordingId)
    expect(notYet.status).toBe(404)
    expect(await notYet.json()).toEqual({
      ok: false,
      error: {
        code: 'not_archived',
        message: `Recording ${pending.recordingId} has no archived copy (archive state: pending).`,
        issues: [],
      },
    })
  })

  it('refuses a request without the admin token', async () => {
    const response = await send(`/api/recordings/${archived.recordingId}/file`)

    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/)
  })

  it('answers 503 with a hint when no admin token is configured', async () => {
    const request = new Request(`http://relay.test/api/recordings/${archived.recordingId}/file`, {
      headers: AUTH,
    })
    const response = await app.fetch(request, { ...env, ADMIN_TOKEN: undefined })

    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({ error: { code: 'not_configured' } })
  })
})

async function row() {
  return (await env.DB.prepare('SELECT archive_key FROM recordings WHERE id = ?1')
    .bind(archived.recordingId)
    .first<{ archive_key: string }>())!
}
