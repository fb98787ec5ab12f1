/** Documents `GET /api/recordings/{id}/file`, which src/archive serves, in the OpenAPI document. */
import { z } from '@hono/zod-openapi'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppBindings } from '../env'
import { COMMON_ERRORS, errorResponse, IdParams } from './schemas/common'

const FILE = {
  'video/mp4': { schema: z.string().openapi({ format: 'binary' }) },
  'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) },
}

/** Adds the archive's file route to the document; the handler lives in src/archive/route.ts. */
export function documentArchiveFile(router: OpenAPIHono<AppBindings>): void {
  router.openAPIRegistry.registerPath({
    method: 'get',
    path: '/api/recordings/{id}/file',
    tags: ['recordings'],
    summary: 'Stream the archived copy of a recording from R2',
    description: 'Supports a single `Range` and `If-None-Match`; HEAD answers the headers only.',
    request: {
      params: IdParams,
      headers: z.object({
        range: z.string().optional().openapi({ example: 'bytes=0-1048575' }),
      }),
    },
    responses: {
      200: { description: 'The whole file.', content: FILE },
      206: { description: 'The requested byte range.', content: FILE },
      304: { description: 'Unchanged since the given ETag.' },
      404: errorResponse('No such recording, or it has no archived copy.'),
      416: errorResponse('The range lies outside the file.'),
      ...COMMON_ERRORS,
      503: errorResponse('ADMIN_TOKEN is not set, or no R2 bucket is bound as ARCHIVE.'),
    },
  })
}
