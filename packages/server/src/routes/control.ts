// The control API's sandbox actions (DESIGN §4): health, companies (and more API keys for one),
// "press Export", and events applied as another integration would. Fake-only; under /_sim. The event body follows the same
// rules as Pleo's route: `jobId`, and the how-to's `exportJobId` only with --lenient (decision 0008).
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import { toExportJobV3 } from '@fake-pleo/contract'
import { ApiError } from '../api-error.ts'
import type { AppDeps, AppEnv } from '../app-env.ts'
import { eventBodyAlias } from '../http/aliases.ts'
import { eventBodySchema } from '../http/event-body.ts'
import { noteRequest } from '../http/journal.ts'
import { bodiless, pleoJson } from '../http/media-type.ts'
import { dataOf, errors, ExportJobV3, json, jsonMediaType } from '../http/schemas.ts'
import { addApiKey, allScopes, createCompany } from '../services/companies.ts'
import { applyEvent } from '../services/job-events.ts'
import { createJob } from '../services/jobs.ts'
import { createOAuthClient, defaultRedirectUri } from '../services/oauth.ts'
import { fakeOnlyTags } from '../openapi-document.ts'

const tags = [fakeOnlyTags.control]

const companyBody = z
  .object({
    name: z.string().min(1).max(200).optional(),
    contraAccountsMissing: z
      .boolean()
      .optional()
      .openapi({ description: 'Make export endpoints answer 400 MISSING_CONTRA_ACCOUNTS.' }),
    scopes: z
      .array(
        z.enum(allScopes, {
          error: (issue) =>
            `unknown scope ${JSON.stringify(issue.input)}; use ${allScopes.join(', ')}`,
        }),
      )
      .max(allScopes.length * 4)
      .optional()
      .openapi({
        description:
          'The scopes of the API key and the OAuth client (default: all three). An empty list makes credentials that can do nothing.',
      }),
  })
  .strict()

const companyCreated = dataOf(
  z.object({
    company: z.object({ id: z.string(), name: z.string() }),
    apiKey: z.string(),
    scopes: z.array(z.enum(allScopes)),
    oauthClient: z.object({ clientId: z.string(), clientSecret: z.string() }).nullable(),
  }),
)

const apiKeyBody = z.object({ scopes: companyBody.shape.scopes }).strict()

const apiKeyCreated = dataOf(z.object({ apiKey: z.string(), scopes: z.array(z.enum(allScopes)) }))

const pressExportBody = z
  .object({
    companyId: z.guid({ error: 'must be a UUID' }),
    numberOfItems: z.number().int().min(1).max(1000).optional(),
    createdBy: z.guid({ error: 'must be a UUID' }).nullable().optional(),
    isInteractive: z.boolean().optional(),
    vendorBasedBookkeeping: z.boolean().optional(),
    expiresIn: z
      .number()
      .int()
      .min(1)
      .max(30 * 86_400)
      .optional(),
  })
  .strict()

export function registerControlRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/_sim/health',
      tags,
      summary: 'Health check',
      responses: { 200: json(z.object({ ok: z.literal(true), version: z.string() }), 'Alive') },
    }),
    (c) => c.json({ ok: true as const, version: deps.version }, 200, pleoJson),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/_sim/companies',
      tags,
      summary: 'Create a sandbox company with an API key and an OAuth client',
      request: { body: { ...json(companyBody, 'Company options'), required: false } },
      responses: { 201: json(companyCreated, 'The company and its credentials'), ...errors(400) },
    }),
    (c) => {
      const body = c.req.valid('json') ?? {}
      const created = createCompany(deps, body)
      const { clientId, clientSecret } = createOAuthClient(deps, {
        companyId: created.company.id,
        redirectUris: [defaultRedirectUri],
        scopes: created.scopes,
      })
      noteRequest(c, { companyId: created.company.id })
      return c.json({ data: { ...created, oauthClient: { clientId, clientSecret } } }, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/_sim/companies/{companyId}/api-keys',
      tags,
      summary: 'Give a company another API key',
      description:
        'Several instances of one integration, each with a key of its own, so their requests can be told apart (the journal and `fake-pleo race --cmd`).',
      request: {
        params: z.object({ companyId: z.string() }),
        body: { ...json(apiKeyBody, 'Key options'), required: false },
      },
      responses: {
        201: json(apiKeyCreated, 'The new key'),
        ...errors(400, [404, 'COMPANY_NOT_FOUND']),
      },
    }),
    (c) => {
      const { companyId } = c.req.valid('param')
      if (!deps.store.getCompany(companyId)) {
        throw new ApiError(
          'COMPANY_NOT_FOUND',
          `Company ${companyId} does not exist; create it with POST /_sim/companies.`,
        )
      }
      const created = addApiKey(deps, companyId, c.req.valid('json')?.scopes)
      noteRequest(c, { companyId })
      return c.json({ data: created }, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/_sim/export-jobs',
      tags,
      summary: 'Press Export: queue a new pending job',
      description:
        'What pressing Export in the Pleo web app does: a new pending job with generated accounting entries. Queues as many jobs as you ask for, one per call (no 409).',
      request: { body: { ...json(pressExportBody, 'Job options'), required: true } },
      responses: {
        201: json(dataOf(ExportJobV3), 'The new job'),
        ...errors(400, [404, 'COMPANY_NOT_FOUND']),
      },
    }),
    (c) => {
      const body = c.req.valid('json')
      if (!deps.store.getCompany(body.companyId)) {
        throw new ApiError(
          'COMPANY_NOT_FOUND',
          `Company ${body.companyId} does not exist; create it with POST /_sim/companies.`,
        )
      }
      const job = createJob(deps, body)
      noteRequest(c, { companyId: job.companyId, jobId: job.id })
      return c.json({ data: toExportJobV3(job) }, 201, pleoJson)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/_sim/export-job-events',
      tags,
      summary: 'Apply an event as another integration',
      description:
        'Same rules and answers as POST /v3/export-job-events (202 or 422), for any company: how a test steals a claim. Same body too: `exportJobId` only with --lenient.',
      middleware: [eventBodyAlias(deps.options.lenient)] as const,
      request: {
        body: {
          content: { [jsonMediaType]: { schema: eventBodySchema(deps.options) } },
          required: true,
        },
      },
      responses: {
        202: { description: 'Accepted and applied (empty body, Content-Length: 0)' },
        ...errors(400, 404, [422, 'INVALID_EXPORT_JOB_STATUS_CHANGE']),
      },
    }),
    async (c) => {
      const body = c.req.valid('json')
      noteRequest(c, { jobId: body.jobId, event: body.event })
      const result = await applyEvent(deps, body)
      if (!result.ok) throw new ApiError(result.code)
      const { after } = result.value
      noteRequest(c, { companyId: after.companyId })
      return c.body(null, 202, bodiless)
    },
  )
}
