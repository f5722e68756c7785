// The fake's OpenAPI document (GET /openapi.json, shown at /docs): generated from the routes' zod
// definitions, then told which operations are Pleo's. Pleo's get Pleo's operationId, tag and
// security (an API key as HTTP Basic, an OAuth 2.0 bearer token as Pleo's `bearerAuth`, and the
// `oauth2` authorization-code flow that issues that token, naming the scope the operation needs);
// every other operation is fake-only: a `fake-only: …` tag, `x-fake-only: true` and this fake as
// its only server. `info` says which is which, and the `ExportJobStatus` component (and v2's
// `ExportJob`, whose status enum is inline as in Pleo's v2 document) names the one extension to
// Pleo's enum, `expired`, unless the fake runs with `--expired-status failed`. Every operation
// that takes a JSON body declares the body guards' 413 and 415, which answer it too.
import { isExportItemPage } from './http/control-guard.ts'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { ExpiredStatus } from '@fake-pleo/contract'
import type { AppEnv } from './app-env.ts'
import { jsonMediaType } from './http/media-type.ts'
import { pleoOperations, pleoTags } from './http/pleo-operations.ts'
import { allScopes, type Scope } from './services/companies.ts'

type Document = ReturnType<OpenAPIHono['getOpenAPIDocument']>
type Operation = NonNullable<NonNullable<Document['paths']>[string]['get']>
type Security = NonNullable<Document['security']>

export type DocumentContext = {
  /** Where this fake answers, e.g. http://127.0.0.1:4010 (from the request for the document). */
  origin: string
  version: string
  expiredStatus: ExpiredStatus
}

export const documentTitle = "fake-pleo: a local fake of Pleo's Export API"

/** Tags of the fake-only operations; every operation Pleo does not have carries one. */
export const fakeOnlyTags = {
  control: 'fake-only: control API',
  oauth: 'fake-only: OAuth 2.0 server',
  extensions: 'fake-only: extensions',
  docs: 'fake-only: documentation',
  receipts: 'fake-only: receipt files',
} as const

const fakeOnlyTagList = [
  {
    name: fakeOnlyTags.control,
    description:
      'The control API under /_sim: press Export, move the clock, read the journal, inject faults, and more. Open on loopback; with --admin-token it needs `Authorization: Bearer <token>` (required beyond loopback). It answers only requests whose Host is a loopback name or the --host the fake is bound to and whose Origin, if any, is its own (else 403), and every state-changing request needs `Content-Type: application/json`, even without a body (else 415).',
  },
  {
    name: fakeOnlyTags.oauth,
    description:
      "Stands in for Pleo's authorization server (auth.pleo.io on Pleo), with the same flow: authorization code with PKCE S256, refresh-token rotation, introspection.",
  },
  {
    name: fakeOnlyTags.extensions,
    description: "Additions to Pleo's API for testing, such as rotating a subscription's secret.",
  },
  {
    name: fakeOnlyTags.receipts,
    description:
      "Receipt files behind export items' `files[].url`: pre-signed links that need no API key and expire 24 hours after the item was fetched (Pleo serves these from its own file storage).",
  },
  { name: fakeOnlyTags.docs, description: 'This document and its reference page.' },
]

const scopeText: Record<Scope, string> = {
  'export-jobs:read': 'Read export jobs and their items (and, on this fake, subscriptions).',
  'export-jobs:write':
    'Create export jobs, send their events, update their items (and, on this fake, change subscriptions).',
  'export-items:read': "Read export items, the accounting payloads of a job's entries.",
}

/**
 * Who may call one of Pleo's operations, most specific last: an API key, or an OAuth 2.0 access
 * token with the scope. The same token is offered as Pleo's `bearerAuth` and as the `oauth2` flow
 * that issues it; `bearerAuth` comes last because some generators apply every configured scheme
 * in order and only the HTTP bearer scheme writes the `Bearer ` prefix itself.
 */
export const pleoSecurity = (scope: Scope): Security => [
  { basicAuth: [] },
  { oauth2: [scope] },
  { bearerAuth: [] },
]

function securitySchemes(origin: string) {
  return {
    basicAuth: {
      type: 'http',
      scheme: 'basic',
      description:
        "Pleo's API key as the user name and an empty password: `Authorization: Basic base64('<api key>:')` (curl -u '<api key>:').",
    },
    bearerAuth: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        "An OAuth 2.0 access token: `Authorization: Bearer <token>`, as Pleo's spec declares it (Pleo calls it a JWT; treat it as opaque, the fake's tokens are). The `oauth2` scheme describes how to get one.",
    },
    oauth2: {
      type: 'oauth2',
      description:
        "The OAuth 2.0 authorization-code flow (PKCE S256 required) that issues the bearer token, with the scope each operation needs. The URLs here are this fake's own endpoints; on Pleo they are https://auth.pleo.io/oauth/authorize and https://auth.pleo.io/oauth/token. Either way the token is sent as `Authorization: Bearer <token>`.",
      flows: {
        authorizationCode: {
          authorizationUrl: `${origin}/oauth/authorize`,
          tokenUrl: `${origin}/oauth/token`,
          refreshUrl: `${origin}/oauth/token`,
          scopes: Object.fromEntries(allScopes.map((scope) => [scope, scopeText[scope]])),
        },
      },
    },
    adminToken: {
      type: 'http',
      scheme: 'bearer',
      description:
        'Fake-only: the control API needs `Authorization: Bearer <token>` when the fake runs with --admin-token; otherwise no credentials.',
    },
    oauthClient: {
      type: 'http',
      scheme: 'basic',
      description:
        'Fake-only (the OAuth 2.0 server): the client_id and client_secret as Basic credentials, or sent as form fields instead.',
    },
  } as const
}

function infoDescription(ctx: DocumentContext, pleoTagNames: string[]): string {
  const extension =
    ctx.expiredStatus === 'expired'
      ? "One extension: an expired job reads `status: expired`, a value Pleo's `ExportJobStatus` enum lacks (Pleo's how-to says the status moves to `expired`); `--expired-status failed` gives the spec's reading, `failed` with `failureReasonType: job_expired`."
      : "This fake runs with `--expired-status failed`: an expired job reads `failed` with `failureReasonType: job_expired`, and `ExportJobStatus` is exactly Pleo's enum."
  return [
    "A local, stateful fake of Pleo's Export API.",
    `**Pleo's contract.** The operations tagged ${pleoTagNames.map((name) => `\`${name}\``).join(', ')} are Pleo's: paths, parameters, bodies, the media type \`application/json;charset=UTF-8\`, operation ids and security as Pleo's published OpenAPI documents have them, so a client generated from this document works against Pleo too (https://external.pleo.io, or the staging server). ${extension}`,
    "**Fake-only.** Operations tagged `fake-only: …` and marked `x-fake-only: true` exist only on this fake: the control API under /_sim, the OAuth 2.0 server under /oauth (Pleo's is at auth.pleo.io), additions such as secret rotation, and this document.",
    '**Authentication.** `basicAuth`: an API key as the user name, empty password. `bearerAuth` and `oauth2`: an OAuth 2.0 access token sent as `Authorization: Bearer <token>`; `oauth2` also names the flow that issues it and the scope each operation needs.',
  ].join('\n\n')
}

const methods = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const

const exceptionInfo = (description: string) => ({
  description,
  content: { [jsonMediaType]: { schema: { $ref: '#/components/schemas/ExceptionInfo' } } },
})

/**
 * The body guards (http/body-guard.ts) stand before every route that takes a JSON body, Pleo's and
 * the control API's alike: a body over the size limit answers 413, one that is not JSON 415. The
 * document says so on each such operation, whatever the route itself declares.
 */
function bodyGuardResponses(operation: Operation): void {
  const body = operation.requestBody
  const types = body && 'content' in body ? Object.keys(body.content) : []
  if (!types.some((type) => /^application\/json/i.test(type))) return
  operation.responses['413'] ??= exceptionInfo(
    '{type, message}: PAYLOAD_TOO_LARGE (a body over the size limit)',
  )
  operation.responses['415'] ??= exceptionInfo(
    '{type, message}: UNSUPPORTED_MEDIA_TYPE (a body that is not JSON)',
  )
}

/** The control guards (http/control-guard.ts): 403 for a foreign Host or Origin, 415 for a state
 * change that does not say JSON. */
function controlGuardResponses(path: string, method: string, operation: Operation): void {
  if (!path.startsWith('/_sim/') || isExportItemPage(method.toUpperCase(), path)) return
  operation.responses['403'] ??= exceptionInfo(
    '{type, message}: ACCESS_DENIED (a Host that is not loopback or the bound --host, or a foreign Origin)',
  )
  if (method.toLowerCase() === 'get') return
  operation.responses['415'] ??= exceptionInfo(
    '{type, message}: UNSUPPORTED_MEDIA_TYPE (a state change without Content-Type: application/json)',
  )
}

function markOperation(path: string, method: string, operation: Operation, origin: string) {
  bodyGuardResponses(operation)
  controlGuardResponses(path, method, operation)
  const pleo = pleoOperations[`${method.toUpperCase()} ${path}`]
  if (pleo) {
    operation.operationId = pleo.operationId
    operation.tags = [pleo.tag]
    operation.security = pleoSecurity(pleo.scope)
    return
  }
  operation['x-fake-only'] = true
  operation.servers = [{ url: origin, description: 'this fake (the operation is fake-only)' }]
  if (path.startsWith('/_sim/')) operation.security ??= [{}, { adminToken: [] }]
  operation.security ??= []
}

type SchemaObject = NonNullable<NonNullable<Document['components']>['schemas']>[string]

/** v3's ExportJobStatus component and v2's inline ExportJob.status. */
function statusSchemas(doc: Document): SchemaObject[] {
  const schemas = doc.components?.schemas
  const v2Job = schemas?.ExportJob
  const v2Status = v2Job && 'properties' in v2Job ? v2Job.properties?.status : undefined
  return [schemas?.ExportJobStatus, v2Status].filter((schema) => schema !== undefined)
}

/** Without `expired` when the fake answers `failed` for an expired job. */
function statusComponent(doc: Document, expiredStatus: ExpiredStatus) {
  if (expiredStatus === 'expired') return
  for (const status of statusSchemas(doc)) {
    if (!('enum' in status)) continue
    status.enum = status.enum?.filter((value) => value !== 'expired')
    status.description =
      "Pleo's job statuses exactly: this fake runs with --expired-status failed, so an expired job reads `failed` with `failureReasonType: job_expired`."
  }
}

export function buildOpenApiDocument(app: OpenAPIHono<AppEnv>, ctx: DocumentContext): Document {
  const doc = app.getOpenAPIDocument({
    openapi: '3.0.3',
    info: { title: documentTitle, version: ctx.version },
    servers: [
      { url: ctx.origin, description: 'this fake' },
      {
        url: 'https://external.pleo.io',
        description: "Pleo's production (Pleo's operations only)",
      },
      {
        url: 'https://external.staging.pleo.io',
        description: "Pleo's staging (Pleo's operations only)",
      },
    ],
    security: [{ bearerAuth: [] }, { basicAuth: [] }],
  })
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of methods) {
      const operation = item[method]
      if (operation) markOperation(path, method, operation, ctx.origin)
    }
  }
  doc.components = {
    ...doc.components,
    securitySchemes: { ...doc.components?.securitySchemes, ...securitySchemes(ctx.origin) },
  }
  statusComponent(doc, ctx.expiredStatus)
  const used = new Set(
    Object.values(doc.paths ?? {}).flatMap((item) =>
      methods.flatMap((method) => item[method]?.tags ?? []),
    ),
  )
  doc.tags = [...pleoTags, ...fakeOnlyTagList].filter((tag) => used.has(tag.name))
  const pleoTagNames = pleoTags.map((tag) => tag.name).filter((name) => used.has(name))
  doc.info.description = infoDescription(ctx, pleoTagNames)
  return doc
}
