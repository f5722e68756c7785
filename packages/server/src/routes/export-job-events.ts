// POST /v3/export-job-events (and /v2/export-job-events, the same body and answers): moves a job
// through its lifecycle. 202 when applied (synchronously, so a GET right after shows it); 422
// INVALID_EXPORT_JOB_STATUS_CHANGE for an illegal move, a second `started` included. The claim is one atomic conditional write in the store. The body is
// the spec's: `jobId`; the how-to's `exportJobId` only with --lenient (http/aliases.ts).
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import { ApiError } from '../api-error.ts'
import type { AppDeps, AppEnv } from '../app-env.ts'
import { eventBodyAlias } from '../http/aliases.ts'
import { eventBodySchema } from '../http/event-body.ts'
import { exportApiV3, type ExportApiVersion } from '../http/export-api-versions.ts'
import { noteRequest } from '../http/journal.ts'
import { errors, jsonMediaType } from '../http/schemas.ts'
import { requireScope } from '../http/scopes.ts'
import { bodiless } from '../http/media-type.ts'
import { rejectUnknownQuery } from '../http/strict-query.ts'
import { applyEvent } from '../services/job-events.ts'

export function registerEventRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: AppDeps,
  api: ExportApiVersion = exportApiV3,
): void {
  const route = createRoute({
    method: 'post',
    path: `${api.prefix}/export-job-events`,
    middleware: [
      requireScope('export-jobs:write'),
      rejectUnknownQuery(deps.options.strict, []),
      eventBodyAlias(deps.options.lenient),
    ] as const,
    tags: ['Export job events'],
    summary: 'Create an export job event',
    description: `\`started\` claims a pending job (exactly one concurrent caller wins; the rest get 422). \`completed\`, \`completed_with_errors\` and \`failed\` finish an in_progress job; \`failed\` is also allowed on a pending job unless --strict-transitions. ${
      deps.options.lenient
        ? 'This server runs --lenient: `exportJobId` (the how-to spelling) is accepted for `jobId` and journaled as an alias.'
        : '`exportJobId` (the how-to spelling) answers 400 naming `jobId`; it is accepted only with --lenient.'
    }`,
    request: {
      body: {
        content: { [jsonMediaType]: { schema: eventBodySchema(deps.options) } },
        required: true,
      },
    },
    responses: {
      202: { description: 'Accepted and applied (empty body, Content-Length: 0)' },
      ...errors(400, 401, 403, 404, [
        422,
        'INVALID_EXPORT_JOB_STATUS_CHANGE (illegal move, a lost claim, an expired job)',
      ]),
    },
  })
  app.openapi(route, async (c) => {
    const body = c.req.valid('json')
    noteRequest(c, { jobId: body.jobId, event: body.event })
    const result = await applyEvent(deps, body, c.get('principal').companyId)
    if (!result.ok) throw new ApiError(result.code)
    return c.body(null, 202, bodiless)
  })
}
