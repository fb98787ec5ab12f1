/** Reference worker: stream one URL into R2 with a sized put — the floor of an archive copy. */

type Bindings = { ARCHIVE: R2Bucket }

/** The fetch handler: POST {url, size} copies the file to `floor/<size>.bin`. */
export default {
  async fetch(request: Request, env: Bindings): Promise<Response> {
    const { url, size } = await request.json<{ url: string; size: number }>()
    const startedAt = Date.now()
    const source = await fetch(url)
    if (!source.ok || !source.body) return Response.json({ ok: false }, { status: 502 })

    const sized = new FixedLengthStream(size)
    const [object] = await Promise.all([
      env.ARCHIVE.put(`floor/${size}.bin`, sized.readable),
      source.body.pipeTo(sized.writable),
    ])
    return Response.json({
      ok: object?.size === size,
      size: object?.size,
      ms: Date.now() - startedAt,
    })
  },
}
