import { createExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { linkSignatureValid, signedFileLink } from '../../src/archive/link'
import worker from '../../src/index'
import { postJson, recording, send } from '../helpers'

const linkEnv = { ...env, PUBLIC_BASE_URL: 'https://relay.example.com/' }

/** A recording whose archive is copied, with `bytes` stored in the local R2 bucket. */
async function archivedRecording(bytes: string) {
  const { event_id } = await (await postJson(recording())).json<{ event_id: string }>()
  const id = event_id.replace('evt_', 'rec_')
  const key = `recordings/test/${id}.mp4`
  await env.ARCHIVE!.put(key, bytes, { httpMetadata: { contentType: 'video/mp4' } })
  await env.DB.prepare(
    `UPDATE recordings SET archive_state = 'copied', archive_key = ?, archive_size = ? WHERE id = ?`
  )
    .bind(key, bytes.length, id)
    .run()
  return id
}

describe('signed archive links', () => {
  it('serves the archived copy to a link made for it, without any token', async () => {
    const id = await archivedRecording('0123456789')
    const link = await signedFileLink(linkEnv, id)

    expect(link).toMatch(new RegExp(`^https://relay\\.example\\.com/files/${id}\\?sig=[\\w-]{43}$`))
    const path = new URL(link!).pathname + new URL(link!).search
    const response = await send(path, { headers: { range: 'bytes=2-4' } })
    expect(response.status).toBe(206)
    expect(await response.text()).toBe('234')
  })

  it('refuses a link signed for another recording, or none, as if the file did not exist', async () => {
    const id = await archivedRecording('abc')
    const other = await signedFileLink(linkEnv, 'rec_other')
    const sig = new URL(other!).searchParams.get('sig')

    for (const query of [`?sig=${sig}`, '', '?sig=']) {
      const response = await send(`/files/${id}${query}`)
      expect(response.status).toBe(404)
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'not_found' } })
    }
    expect(await linkSignatureValid(env, id, sig!)).toBe(false)
  })

  it('makes no link and serves none without ADMIN_TOKEN to sign with', async () => {
    const noToken = { ...linkEnv, ADMIN_TOKEN: undefined }
    expect(await signedFileLink(noToken, 'rec_x')).toBeUndefined()
    expect(await signedFileLink({ ...env, PUBLIC_BASE_URL: '' }, 'rec_x')).toBeUndefined()

    const request = new Request('http://relay.test/files/rec_x?sig=abc')
    const response = await worker.fetch(request, noToken, createExecutionContext())
    expect(response.status).toBe(503)
  })
})
