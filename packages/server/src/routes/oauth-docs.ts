// The OAuth 2.0 endpoints (routes/oauth.ts) as OpenAPI operations. Those routes are plain Hono
// routes, because their errors follow RFC 6749 (JSON `{error, error_description}`, or a redirect
// back to the client) rather than the API's `{type, message}`; so they are documented here,
// next to the schemas of their form bodies and answers, without changing how they validate.
import { z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../app-env.ts'
import { json } from '../http/schemas.ts'
import { fakeOnlyTags } from '../openapi-document.ts'

const form = 'application/x-www-form-urlencoded'
const noStore = {
  'Cache-Control': { schema: { type: 'string' as const, example: 'no-store' } },
}

export const oauthErrorSchema = z
  .object({
    error: z.enum([
      'invalid_request',
      'invalid_client',
      'invalid_grant',
      'unsupported_grant_type',
      'invalid_scope',
    ]),
    error_description: z.string(),
  })
  .openapi('OAuthError', { description: 'An RFC 6749 error.' })

export const tokenResponseSchema = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().openapi({ description: 'Seconds the access token lives.' }),
    refresh_token: z.string().openapi({
      description: 'Single use: a refresh answers a new one, and a reused one revokes the grant.',
    }),
    scope: z.string().openapi({ description: 'The granted scopes, space-separated.' }),
  })
  .openapi('OAuthTokenResponse')

const introspectionSchema = z
  .object({
    active: z.boolean(),
    sub: z.string().optional().openapi({ description: 'The company the token acts for.' }),
    client_id: z.string().optional(),
    scope: z.string().optional(),
    exp: z.number().int().optional(),
    iat: z.number().int().optional(),
    token_type: z.literal('Bearer').optional(),
  })
  .openapi('OAuthIntrospection', {
    description: '`{"active": false}` alone for an unknown, expired, revoked or foreign token.',
  })

const authorizeFields = {
  client_id: z.string(),
  redirect_uri: z.string().openapi({ description: 'Exactly one registered for the client.' }),
  response_type: z.literal('code'),
  scope: z.string().optional().openapi({
    description:
      "Space-separated, e.g. `export-jobs:read export-jobs:write`; the client's scopes when absent.",
  }),
  state: z.string().optional(),
  code_challenge_method: z.literal('S256'),
  code_challenge: z.string().openapi({ description: 'base64url(sha256(code_verifier)).' }),
}

const authorizeQuery = z.object({
  ...authorizeFields,
  auto_approve: z.literal('1').optional().openapi({
    description:
      'Fake-only: redirect with a code at once, no consent page (or --oauth-auto-approve).',
  }),
})

const consentForm = z.object({
  ...authorizeFields,
  decision: z.enum(['allow', 'deny']),
})

const tokenForm = z.object({
  grant_type: z.enum(['authorization_code', 'refresh_token']),
  code: z.string().optional().openapi({ description: 'authorization_code: the code.' }),
  redirect_uri: z.string().optional().openapi({
    description: 'authorization_code: the redirect_uri of the authorization request.',
  }),
  code_verifier: z.string().optional().openapi({
    description: 'authorization_code: 43 to 128 characters of [A-Za-z0-9-._~].',
  }),
  refresh_token: z.string().optional().openapi({ description: 'refresh_token: the token.' }),
  scope: z.string().optional().openapi({
    description: 'refresh_token: narrow the scopes (never widen them).',
  }),
  client_id: z.string().optional().openapi({ description: 'When not sent as Basic credentials.' }),
  client_secret: z.string().optional(),
})

const redirect = {
  description:
    'Back to redirect_uri with `code` and `state`, or with `error`, `error_description` and `state`.',
  headers: { Location: { schema: { type: 'string' as const } }, ...noStore },
}
const badClient = {
  description:
    'An HTML page, never a redirect: unknown client_id, or a redirect_uri not registered for it.',
  content: { 'text/html': { schema: z.string() } },
}
const oauthErrors = {
  400: {
    ...json(
      oauthErrorSchema,
      'invalid_request, invalid_grant, unsupported_grant_type or invalid_scope',
    ),
    headers: noStore,
  },
  401: {
    ...json(oauthErrorSchema, 'invalid_client (with WWW-Authenticate: Basic)'),
    headers: noStore,
  },
}
const clientAuth: Record<string, string[]>[] = [{ oauthClient: [] }, {}]
const tags = [fakeOnlyTags.oauth]

export function documentOAuthRoutes(app: OpenAPIHono<AppEnv>): void {
  const registry = app.openAPIRegistry
  registry.registerPath({
    method: 'get',
    path: '/oauth/authorize',
    tags,
    summary: 'Authorization request',
    description:
      'Shows a consent page (Allow / Deny), or redirects with a code at once with auto_approve=1 or --oauth-auto-approve. PKCE S256 is required.',
    security: [],
    request: { query: authorizeQuery },
    responses: {
      200: { description: 'The consent page', content: { 'text/html': { schema: z.string() } } },
      302: redirect,
      400: badClient,
    },
  })
  registry.registerPath({
    method: 'post',
    path: '/oauth/authorize',
    tags,
    summary: "The consent page's answer",
    security: [],
    request: { body: { content: { [form]: { schema: consentForm } }, required: true } },
    responses: { 302: redirect, 400: badClient },
  })
  registry.registerPath({
    method: 'post',
    path: '/oauth/token',
    tags,
    summary: 'Token request: authorization_code or refresh_token',
    description:
      'The client authenticates with Basic credentials or with client_id and client_secret form fields (one way, not both). A refresh answers a new refresh token too; presenting a used one revokes the whole grant.',
    security: clientAuth,
    request: { body: { content: { [form]: { schema: tokenForm } }, required: true } },
    responses: {
      200: { ...json(tokenResponseSchema, 'Tokens'), headers: noStore },
      ...oauthErrors,
    },
  })
  registry.registerPath({
    method: 'post',
    path: '/oauth/token/introspect',
    tags,
    summary: 'Token introspection',
    description: 'Whether a token the client was issued is live, and for whom (RFC 7662).',
    security: clientAuth,
    request: {
      body: {
        content: { [form]: { schema: z.object({ token: z.string() }) } },
        required: true,
      },
    },
    responses: {
      200: { ...json(introspectionSchema, 'The token, active or not'), headers: noStore },
      ...oauthErrors,
    },
  })
}
