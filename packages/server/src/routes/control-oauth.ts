// The control API's OAuth clients: POST /_sim/oauth/clients registers a client for a company
// with its exact redirect URIs and allowed scopes, and answers the client secret (once; the
// store keeps only its hash). Fake-only; under /_sim.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import { parseHttpUrl } from '@fake-pleo/contract'
import { ApiError } from '../api-error.ts'
import type { AppDeps, AppEnv } from '../app-env.ts'
import { noteRequest } from '../http/journal.ts'
import { dataOf, errors, json } from '../http/schemas.ts'
import { allScopes } from '../services/companies.ts'
import { createOAuthClient } from '../services/oauth.ts'
import { fakeOnlyTags } from '../openapi-document.ts'

const tags = [fakeOnlyTags.control]

const httpUrl = z
  .string()
  .max(2000)
  .refine(
    (value) => parseHttpUrl(value)?.hash === '',
    'must be an absolute http(s) URL without a fragment',
  )

const clientBody = z
  .object({
    companyId: z.guid({ error: 'must be a UUID' }),
    redirectUris: z.array(httpUrl).min(1).max(20).openapi({
      description: 'Redirect URIs the client may use; /oauth/authorize matches them exactly.',
    }),
    scopes: z.array(z.enum(allScopes)).min(1).optional().openapi({
      description: 'Scopes the client may ask for (default: all export scopes).',
    }),
  })
  .strict()

const clientCreated = dataOf(
  z.object({
    clientId: z.string(),
    clientSecret: z.string(),
    redirectUris: z.array(z.string()),
    scopes: z.array(z.string()),
  }),
)

export function registerOAuthControlRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/_sim/oauth/clients',
      tags,
      summary: 'Register an OAuth client for a company',
      description:
        'For the authorization code flow with PKCE at /oauth/authorize and /oauth/token. The secret is shown only here.',
      request: { body: { ...json(clientBody, 'Client options'), required: true } },
      responses: {
        201: json(clientCreated, 'The client and its secret'),
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
      const client = createOAuthClient(deps, body)
      noteRequest(c, { companyId: client.companyId })
      const { clientId, clientSecret, redirectUris, scopes } = client
      return c.json({ data: { clientId, clientSecret, redirectUris, scopes } }, 201)
    },
  )
}
