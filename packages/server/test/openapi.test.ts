// GET /openapi.json tells the truth about Pleo: it is valid OpenAPI 3.0 (swagger-parser), it
// documents exactly the routes the app serves with the statuses each answers; Pleo's operations
// carry Pleo's operationIds and tags, `application/json;charset=UTF-8`, and security naming the
// scope the fake enforces (HTTP Basic, Pleo's bearerAuth, and an oauth2 flow at the fake's own
// /oauth URLs); every other operation is tagged and marked fake-only; /oauth is documented as it
// answers; `expired` is described as the one extension to Pleo's status enum. Requests with and
// without `;charset=UTF-8` are accepted. GET /docs is Swagger UI served offline from the fake.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import SwaggerParser from '@apidevtools/swagger-parser'
import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { demoOAuthClient, version } from '../src/index.ts'
import { oauthErrorSchema, tokenResponseSchema } from '../src/routes/oauth-docs.ts'
import { defaultRedirectUri } from '../src/services/oauth.ts'
import { basicAuth, inProcessFake } from './helpers.ts'
import { expectError, now, pressExport, read, storedItems, unknownId } from './support.ts'

const origin = 'http://127.0.0.1:4010'
const charsetJson = 'application/json;charset=UTF-8'

const responseSchema = z.object({
  description: z.string(),
  content: z.record(z.string(), z.object({ schema: z.unknown() })).optional(),
})
const operationSchema = z.object({
  summary: z.string().min(1),
  operationId: z.string().optional(),
  tags: z.array(z.string()).length(1),
  security: z.array(z.record(z.string(), z.array(z.string()))),
  servers: z.array(z.object({ url: z.string() })).optional(),
  'x-fake-only': z.literal(true).optional(),
  requestBody: z.object({ content: z.record(z.string(), z.unknown()) }).optional(),
  responses: z.record(z.string(), responseSchema),
})
type Operation = z.infer<typeof operationSchema>
const documentSchema = z.object({
  openapi: z.string(),
  info: z.object({ title: z.string(), version: z.string(), description: z.string() }),
  servers: z.array(z.object({ url: z.string(), description: z.string() })),
  paths: z.record(z.string(), z.record(z.string(), operationSchema)),
  components: z.object({
    schemas: z.record(z.string(), z.record(z.string(), z.unknown())),
    securitySchemes: z.record(z.string(), z.record(z.string(), z.unknown())),
  }),
  security: z.array(z.record(z.string(), z.array(z.string()))),
  tags: z.array(z.object({ name: z.string(), description: z.string() })),
})
type Document = z.infer<typeof documentSchema>

/** Every operation the app serves, with the statuses the tests elsewhere see it answer. */
const expected: Record<string, string[]> = {
  'GET /v3/export-jobs': ['200', '400', '401', '403'],
  'POST /v3/export-jobs': ['201', '400', '401', '403', '409', '413', '415'],
  'GET /v3/export-jobs/{jobId}': ['200', '400', '401', '403', '404'],
  'POST /v3/export-job-events': ['202', '400', '401', '403', '404', '413', '415', '422'],
  'GET /v3/export-jobs/{jobId}/items': ['200', '400', '401', '403', '404'],
  'PUT /v3/export-jobs/{jobId}/items': ['200', '400', '401', '403', '404', '413', '415', '422'],
  'GET /v3/export-items': ['200', '400', '401', '403', '404', '422'],
  'GET /v2/export-jobs': ['200', '400', '401', '403'],
  'POST /v2/export-jobs': ['201', '400', '401', '403', '409', '413', '415'],
  'GET /v2/export-jobs/{jobId}': ['200', '400', '401', '403', '404'],
  'POST /v2/export-job-events': ['202', '400', '401', '403', '404', '413', '415', '422'],
  'GET /v2/export-jobs/{jobId}/items': ['200', '400', '401', '403', '404'],
  'PUT /v2/export-jobs/{jobId}/items': ['200', '400', '401', '403', '404', '413', '415', '422'],
  'GET /v2/export-items': ['200', '400', '401', '403', '404', '422'],
  'GET /receipts/{accountingEntryId}/{fileName}': ['200', '400', '403', '404'],
  'GET /_sim/export-items/{accountingEntryId}': ['200', '400', '404'],
  'GET /_sim/health': ['200', '403'],
  'POST /_sim/companies': ['201', '400', '403', '413', '415'],
  'POST /_sim/companies/{companyId}/api-keys': ['201', '400', '403', '404', '413', '415'],
  'POST /_sim/export-jobs': ['201', '400', '403', '404', '413', '415'],
  'POST /_sim/export-job-events': ['202', '400', '403', '404', '413', '415', '422'],
  'GET /_sim/clock': ['200', '403'],
  'POST /_sim/clock/advance': ['200', '400', '403', '413', '415'],
  'POST /_sim/clock/set': ['200', '400', '403', '413', '415'],
  'GET /_sim/journal': ['200', '400', '403'],
  'POST /_sim/reset': ['200', '403', '415'],
  'PUT /_sim/faults': ['200', '400', '403', '413', '415'],
  'GET /_sim/faults': ['200', '403'],
  'DELETE /_sim/faults': ['200', '403', '415'],
  'GET /_sim/stream': ['200', '400', '403'],
  'GET /_sim/deliveries': ['200', '400', '403'],
  'GET /_sim/companies': ['200', '403'],
  'GET /_sim/board': ['200', '400', '403', '404'],
  'GET /_sim/export-jobs/{jobId}': ['200', '400', '403', '404'],
  'GET /_sim/messages': ['200', '400', '403', '404'],
  'POST /_sim/deliveries/{id}/redeliver': ['202', '400', '403', '404', '415'],
  'POST /_sim/vendors': ['201', '400', '403', '404', '413', '415'],
  'POST /_sim/oauth/clients': ['201', '400', '403', '404', '413', '415'],
  'GET /v1/subscriptions': ['200', '400', '401', '403'],
  'POST /v1/subscriptions': ['200', '400', '401', '403', '413', '415'],
  'GET /v1/subscriptions/{id}': ['200', '400', '401', '403', '404'],
  'PUT /v1/subscriptions/{id}': ['200', '400', '401', '403', '404', '413', '415'],
  'DELETE /v1/subscriptions/{id}': ['204', '400', '401', '403', '404'],
  'GET /v1/subscriptions/{id}/activities': ['200', '400', '401', '403', '404'],
  'GET /v1/subscriptions/{id}/secret': ['200', '400', '401', '403', '404'],
  'POST /v1/subscriptions/{id}/secret/rotate': ['200', '400', '401', '403', '404', '413', '415'],
  'GET /oauth/authorize': ['200', '302', '400'],
  'POST /oauth/authorize': ['302', '400'],
  'POST /oauth/token': ['200', '400', '401'],
  'POST /oauth/token/introspect': ['200', '400', '401'],
  'GET /openapi.json': ['200'],
  'GET /docs': ['200'],
  'GET /': ['200'],
}

/** Pleo's operations: operationId and tag from Pleo's OpenAPI documents, scope from its docs. */
const pleo: Record<string, { operationId: string; tag: string; scope: string }> = {
  'GET /v3/export-jobs': {
    operationId: 'getExportJobsListV3',
    tag: 'Export API (v3)',
    scope: 'export-jobs:read',
  },
  'POST /v3/export-jobs': {
    operationId: 'createExportJobV3',
    tag: 'Export API (v3)',
    scope: 'export-jobs:write',
  },
  'GET /v3/export-jobs/{jobId}': {
    operationId: 'getExportJobByIdV3',
    tag: 'Export API (v3)',
    scope: 'export-jobs:read',
  },
  'POST /v3/export-job-events': {
    operationId: 'createExportJobEventV3',
    tag: 'Export API (v3)',
    scope: 'export-jobs:write',
  },
  'GET /v3/export-jobs/{jobId}/items': {
    operationId: 'getExportJobItemsV3',
    tag: 'Export API (v3)',
    scope: 'export-jobs:read',
  },
  'PUT /v3/export-jobs/{jobId}/items': {
    operationId: 'updateExportJobItemsV3',
    tag: 'Export API (v3)',
    scope: 'export-jobs:write',
  },
  'GET /v3/export-items': {
    operationId: 'getExportItemsV3',
    tag: 'Export Items (v3)',
    scope: 'export-items:read',
  },
  'GET /v2/export-jobs': {
    operationId: 'getExportJobsListV2',
    tag: 'Export API (v2)',
    scope: 'export-jobs:read',
  },
  'POST /v2/export-jobs': {
    operationId: 'createExportJobV2',
    tag: 'Export API (v2)',
    scope: 'export-jobs:write',
  },
  'GET /v2/export-jobs/{jobId}': {
    operationId: 'getExportJobByIdV2',
    tag: 'Export API (v2)',
    scope: 'export-jobs:read',
  },
  'POST /v2/export-job-events': {
    operationId: 'createExportJobEventV2',
    tag: 'Export API (v2)',
    scope: 'export-jobs:write',
  },
  'GET /v2/export-jobs/{jobId}/items': {
    operationId: 'getExportJobItemsV2',
    tag: 'Export API (v2)',
    scope: 'export-jobs:read',
  },
  'PUT /v2/export-jobs/{jobId}/items': {
    operationId: 'updateExportJobItemsV2',
    tag: 'Export API (v2)',
    scope: 'export-jobs:write',
  },
  'GET /v2/export-items': {
    operationId: 'getExportItemsV2',
    tag: 'Export Items (v2)',
    scope: 'export-items:read',
  },
  'GET /v1/subscriptions': {
    operationId: 'getSubscriptions',
    tag: 'Subscriptions',
    scope: 'export-jobs:read',
  },
  'POST /v1/subscriptions': {
    operationId: 'createSubscription',
    tag: 'Subscriptions',
    scope: 'export-jobs:write',
  },
  'GET /v1/subscriptions/{id}': {
    operationId: 'getSubscriptionById',
    tag: 'Subscriptions',
    scope: 'export-jobs:read',
  },
  'PUT /v1/subscriptions/{id}': {
    operationId: 'updateSubscription',
    tag: 'Subscriptions',
    scope: 'export-jobs:write',
  },
  'DELETE /v1/subscriptions/{id}': {
    operationId: 'deleteSubscription',
    tag: 'Subscriptions',
    scope: 'export-jobs:write',
  },
  'GET /v1/subscriptions/{id}/activities': {
    operationId: 'getSubscriptionActivities',
    tag: 'Subscriptions',
    scope: 'export-jobs:read',
  },
  'GET /v1/subscriptions/{id}/secret': {
    operationId: 'getSubscriptionSecret',
    tag: 'Subscriptions',
    scope: 'export-jobs:read',
  },
}

async function fetchDocument(options: Parameters<typeof inProcessFake>[0] = {}) {
  const t = inProcessFake(options)
  onTestFinished(() => t.close())
  const response = await t.request(`${origin}/openapi.json`)
  return {
    t,
    raw: (await response.clone().json()) as object,
    doc: await read(response, 200, documentSchema),
  }
}

function operations(doc: Document): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]): [string, Operation] => [
      `${method.toUpperCase()} ${path}`,
      op,
    ]),
  )
}

const mediaTypes = (op: Operation) => [
  ...Object.keys(op.requestBody?.content ?? {}),
  ...Object.values(op.responses).flatMap((r) => Object.keys(r.content ?? {})),
]

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.0 document, with the default options and with --expired-status failed', async () => {
    for (const options of [{}, { expiredStatus: 'failed' as const }]) {
      const { raw, doc } = await fetchDocument(options)
      expect(doc.openapi).toBe('3.0.3')
      expect(doc.info.version).toBe(version)
      await expect(SwaggerParser.validate(structuredClone(raw) as never)).resolves.toBeTruthy()
    }
  })

  it('documents every route and nothing else, with the statuses each answers', async () => {
    const { doc } = await fetchDocument()
    expect(
      operations(doc)
        .map(([key]) => key)
        .sort(),
    ).toEqual(Object.keys(expected).sort())
    for (const [key, op] of operations(doc)) {
      expect(Object.keys(op.responses).sort(), key).toEqual(expected[key])
    }
  })

  it("gives Pleo's operations Pleo's operationId, tag, media type and security with the scope", async () => {
    const { doc } = await fetchDocument()
    for (const [key, want] of Object.entries(pleo)) {
      const [method = '', path = ''] = key.split(' ')
      const op = doc.paths[path]?.[method.toLowerCase()]
      expect(op?.operationId, key).toBe(want.operationId)
      expect(op?.tags, key).toEqual([want.tag])
      expect(op?.security, key).toEqual(
        expect.arrayContaining([{ basicAuth: [] }, { bearerAuth: [] }, { oauth2: [want.scope] }]),
      )
      expect(op?.security, key).toHaveLength(3)
      expect(op?.['x-fake-only'], key).toBeUndefined()
      expect(op && mediaTypes(op).length, key).toBeGreaterThan(0)
      for (const type of op ? mediaTypes(op) : []) expect(type, key).toBe(charsetJson)
    }
    expect(doc.security).toEqual([{ bearerAuth: [] }, { basicAuth: [] }])
  })

  it('tags every other operation fake-only, marks it so and serves it from the fake alone', async () => {
    const { doc } = await fetchDocument()
    const fakeOnly = operations(doc).filter(([key]) => !Object.hasOwn(pleo, key))
    expect(fakeOnly.map(([key]) => key)).toEqual(
      expect.arrayContaining([
        'POST /_sim/export-jobs',
        'POST /oauth/token',
        'GET /oauth/authorize',
        'POST /v1/subscriptions/{id}/secret/rotate',
        'GET /openapi.json',
        'GET /docs',
      ]),
    )
    for (const [key, op] of fakeOnly) {
      expect(op.tags[0], key).toMatch(/^fake-only: /)
      expect(op['x-fake-only'], key).toBe(true)
      expect(op.operationId, key).toBeUndefined()
      expect(op.servers, key).toEqual([expect.objectContaining({ url: origin })])
    }
    for (const [key, op] of operations(doc).filter(([key]) => Object.hasOwn(pleo, key))) {
      expect(op.tags[0], key).not.toMatch(/fake-only/)
      expect(op.servers, key).toBeUndefined()
    }
    const tagNames = doc.tags.map((tag) => tag.name)
    expect(new Set(operations(doc).flatMap(([, op]) => op.tags))).toEqual(new Set(tagNames))
    expect(doc.servers.map((s) => s.url)).toEqual([
      origin,
      'https://external.pleo.io',
      'https://external.staging.pleo.io',
    ])
  })

  it('offers Basic, bearer and an OAuth 2.0 flow at the fake’s own /oauth URLs', async () => {
    const { doc } = await fetchDocument()
    const schemes = doc.components.securitySchemes
    expect(schemes.basicAuth).toMatchObject({ type: 'http', scheme: 'basic' })
    expect(schemes.basicAuth?.description).toMatch(/API key as the user name and an empty password/)
    expect(schemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    })
    expect(schemes.oauth2).toMatchObject({
      type: 'oauth2',
      flows: {
        authorizationCode: {
          authorizationUrl: `${origin}/oauth/authorize`,
          tokenUrl: `${origin}/oauth/token`,
          refreshUrl: `${origin}/oauth/token`,
        },
      },
    })
    const flow = z
      .object({
        flows: z.object({
          authorizationCode: z.object({ scopes: z.record(z.string(), z.string()) }),
        }),
      })
      .parse(schemes.oauth2)
    expect(Object.keys(flow.flows.authorizationCode.scopes).sort()).toEqual([
      'export-items:read',
      'export-jobs:read',
      'export-jobs:write',
    ])
  })

  it('names in each Pleo operation the very scope the fake enforces', async () => {
    const { t, doc } = await fetchDocument()
    let keys = 0
    const keyWith = (scopes: string[]) => {
      const key = `plp_openapi-${(keys += 1)}`
      t.store.createApiKey({ key, companyId: t.companyId, scopes }, now(t))
      return { authorization: basicAuth(key) }
    }
    const all = ['export-jobs:read', 'export-jobs:write', 'export-items:read']
    for (const [key, op] of operations(doc).filter(([, op]) => op.security.length === 3)) {
      const scope = op.security.flatMap((s) => s.oauth2 ?? [])[0] ?? ''
      const [method = '', path = ''] = key.split(' ')
      const url = path.replace(/\{\w+\}/g, unknownId)
      const call = (headers: Record<string, string>) =>
        op.requestBody ? t.send(method, url, {}, headers) : t.request(url, { method, headers })
      const denied = await expectError(
        await call(keyWith(all.filter((s) => s !== scope))),
        403,
        'ACCESS_DENIED',
      )
      expect(denied, key).toContain(`needs the scope ${scope}`)
      expect((await call(keyWith([scope]))).status, key).not.toBe(403)
    }
  })

  // Regression: the body guards answered 413 and 415 on every JSON-body route, but the document
  // declared them on none but PUT …/items (413), so a generated client had no type for them.
  it('declares 413 and 415 on every operation that takes a JSON body, and each answers them', async () => {
    const { t, doc } = await fetchDocument({ bodyLimitBytes: 256 })
    const withBody = operations(doc).filter(([, op]) =>
      Object.keys(op.requestBody?.content ?? {}).some((type) =>
        type.startsWith('application/json'),
      ),
    )
    expect(withBody.map(([key]) => key)).toEqual(
      expect.arrayContaining([
        'POST /v3/export-jobs',
        'POST /v1/subscriptions',
        'PUT /_sim/faults',
      ]),
    )
    const exceptionInfo = { $ref: '#/components/schemas/ExceptionInfo' }
    for (const [key, op] of withBody) {
      for (const status of ['413', '415']) {
        expect(op.responses[status]?.content?.[charsetJson]?.schema, `${key} ${status}`).toEqual(
          exceptionInfo,
        )
      }
      const [method = '', path = ''] = key.split(' ')
      const url = path.replace(/\{\w+\}/g, unknownId)
      const before = t.store.snapshot().export_jobs
      const form = await t.request(url, {
        method,
        headers: { ...t.auth, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=1',
      })
      await expectError(form, 415, 'UNSUPPORTED_MEDIA_TYPE')
      await expectError(
        await t.send(method, url, { pad: 'x'.repeat(300) }),
        413,
        'PAYLOAD_TOO_LARGE',
      )
      expect(t.store.snapshot().export_jobs, key).toEqual(before)
    }
  })

  it('documents /oauth: form bodies, the token answer and RFC 6749 errors, as the endpoints answer', async () => {
    const { t, doc } = await fetchDocument()
    const token = doc.paths['/oauth/token']?.post
    expect(Object.keys(token?.requestBody?.content ?? {})).toEqual([
      'application/x-www-form-urlencoded',
    ])
    expect(token?.responses['200']?.content?.[charsetJson]?.schema).toEqual({
      $ref: '#/components/schemas/OAuthTokenResponse',
    })
    expect(token?.responses['400']?.content?.[charsetJson]?.schema).toEqual({
      $ref: '#/components/schemas/OAuthError',
    })
    expect(doc.components.schemas.OAuthTokenResponse?.required).toEqual(
      expect.arrayContaining([
        'access_token',
        'token_type',
        'expires_in',
        'refresh_token',
        'scope',
      ]),
    )
    expect(Object.keys(doc.paths['/oauth/authorize'] ?? {}).sort()).toEqual(['get', 'post'])

    // What the documented schemas say is what the endpoints answer.
    const verifier = randomBytes(48).toString('base64url')
    const challenge = createHash('sha256').update(verifier).digest('base64url')
    const query = new URLSearchParams({
      client_id: demoOAuthClient.clientId,
      redirect_uri: defaultRedirectUri,
      response_type: 'code',
      code_challenge_method: 'S256',
      code_challenge: challenge,
      auto_approve: '1',
    })
    const authorized = await t.request(`/oauth/authorize?${query.toString()}`)
    expect(authorized.status).toBe(302)
    const code = new URL(authorized.headers.get('location') ?? '').searchParams.get('code') ?? ''
    const exchange = (form: Record<string, string>) =>
      t.request('/oauth/token', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${demoOAuthClient.clientId}:${demoOAuthClient.clientSecret}`).toString('base64')}`,
        },
        body: new URLSearchParams(form).toString(),
      })
    const form = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: defaultRedirectUri,
      code_verifier: verifier,
    }
    const tokens = await exchange(form)
    expect(tokens.status).toBe(200)
    tokenResponseSchema.strict().parse(await tokens.json())
    const replay = await exchange(form)
    expect(replay.status).toBe(400)
    expect(oauthErrorSchema.strict().parse(await replay.json()).error).toBe('invalid_grant')
  })

  it('describes `expired` as the one extension to Pleo’s ExportJobStatus, and drops it with --expired-status failed', async () => {
    const pleoStatuses = ['pending', 'in_progress', 'failed', 'completed', 'completed_with_errors']
    const { doc } = await fetchDocument()
    const status = doc.components.schemas.ExportJobStatus
    expect([...((status?.enum as string[]) ?? [])].sort()).toEqual(
      [...pleoStatuses, 'expired'].sort(),
    )
    expect(status?.description).toMatch(/`expired` is fake-pleo's extension to Pleo's enum/)
    expect(status?.description).toMatch(/--expired-status failed/)
    expect(doc.components.schemas.ExportJobV3?.properties).toMatchObject({
      status: { $ref: '#/components/schemas/ExportJobStatus' },
    })
    expect(doc.info.description).toMatch(/One extension: an expired job reads `status: expired`/)

    const spec = (await fetchDocument({ expiredStatus: 'failed' })).doc
    const specStatus = spec.components.schemas.ExportJobStatus
    expect([...((specStatus?.enum as string[]) ?? [])].sort()).toEqual([...pleoStatuses].sort())
    expect(specStatus?.description).toMatch(/Pleo's job statuses exactly/)
  })

  it("documents /v2 with Pleo's v2 components: inline enums, nullable failureReasonType, 14 item reasons, ExportItemV2", async () => {
    const { doc, raw } = await fetchDocument()
    const schemas = doc.components.schemas
    const ok = (key: string) => {
      const [method = '', path = ''] = key.split(' ')
      const op = doc.paths[path]?.[method.toLowerCase()]
      const status = Object.keys(op?.responses ?? {}).find((code) => code.startsWith('2')) ?? ''
      return op?.responses[status]?.content?.[charsetJson]?.schema as Record<string, never>
    }
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
    expect(ok('GET /v2/export-jobs')).toMatchObject({
      properties: { data: { items: ref('ExportJob') } },
    })
    expect(ok('GET /v2/export-jobs/{jobId}')).toMatchObject({
      properties: { data: ref('ExportJob') },
    })
    expect(ok('POST /v2/export-jobs')).toMatchObject({ properties: { data: ref('ExportJob') } })
    expect(ok('GET /v2/export-jobs/{jobId}/items')).toMatchObject({
      properties: { data: { items: ref('ExportJobItem') } },
    })
    expect(ok('PUT /v2/export-jobs/{jobId}/items')).toEqual(ref('ExportJobItemUpdate'))
    expect(ok('GET /v2/export-items')).toMatchObject({
      properties: { data: { items: ref('ExportItemV2') } },
    })
    expect(ok('GET /v3/export-jobs/{jobId}')).toMatchObject({
      properties: { data: ref('ExportJobV3') },
    })

    const job = z
      .object({
        properties: z.object({
          status: z.object({ enum: z.array(z.string()) }),
          failureReasonType: z.object({ nullable: z.literal(true) }),
        }),
      })
      .parse(schemas.ExportJob)
    expect(job.properties.status.enum).toContain('expired')
    expect(schemas.ExportJobV3?.properties).not.toHaveProperty('failureReasonType.nullable')
    const item = z
      .object({
        properties: z.object({
          failureReasonType: z.object({ nullable: z.literal(true), enum: z.array(z.unknown()) }),
        }),
      })
      .parse(schemas.ExportJobItem)
    const reasons = item.properties.failureReasonType.enum.filter((v) => v !== null)
    expect(reasons).toHaveLength(14)
    expect(reasons).not.toContain('vendor_unknown')
    expect(Object.keys(schemas.ExportItemV2?.properties ?? {})).toEqual(
      expect.arrayContaining(['teamCode', 'subType', 'vendor']),
    )
    expect(schemas.ExportItemV2?.properties).not.toHaveProperty('contraAccount')

    const parameters = z.array(z.object({ name: z.string(), deprecated: z.boolean().optional() }))
    const paths = (raw as { paths: Record<string, { get?: { parameters?: unknown } }> }).paths
    const listParams = (path: string) => parameters.parse(paths[path]?.get?.parameters)
    expect(listParams('/v2/export-jobs').find((p) => p.name === 'status')?.deprecated).toBe(true)
    expect(listParams('/v3/export-jobs').map((p) => p.name)).not.toContain('status')
    expect(doc.paths['/v2/export-jobs']?.post?.responses['400']?.description).toMatch(
      /MISSING_CONTRA_ACCOUNTS as on v3 \(Pleo's v2 document does not list it/,
    )

    const failed = (await fetchDocument({ expiredStatus: 'failed' })).doc.components.schemas
    expect(failed.ExportJob?.properties).toMatchObject({
      status: { enum: ['pending', 'in_progress', 'completed', 'completed_with_errors', 'failed'] },
    })
  })

  it("says in info what is Pleo's contract and what is fake-only", async () => {
    const { doc } = await fetchDocument()
    expect(doc.info.description).toMatch(
      /\*\*Pleo's contract\.\*\* The operations tagged `Export API \(v3\)`, `Export Items \(v3\)`, `Export API \(v2\)`, `Export Items \(v2\)`, `Subscriptions` are Pleo's/,
    )
    expect(doc.info.description).toMatch(/\*\*Fake-only\.\*\* Operations tagged `fake-only: …`/)
  })
})

describe("Pleo's media type on requests", () => {
  it('accepts JSON bodies with and without ;charset=UTF-8, and still refuses non-JSON', async () => {
    using t = inProcessFake()
    const job = await pressExport(t)
    const entryId = storedItems(t, job.id)[0]?.accountingEntryId ?? ''
    const post = (type: string, body: unknown) =>
      t.request('/v3/export-job-events', {
        method: 'POST',
        headers: { ...t.auth, 'content-type': type },
        body: JSON.stringify(body),
      })
    const refused = await post('text/plain', { jobId: job.id, event: 'started' })
    expect(refused.status).toBe(415)
    expect(t.store.getJob(job.id)?.status).toBe('pending')

    expect((await post('application/json', { jobId: job.id, event: 'started' })).status).toBe(202)
    expect(t.store.getJob(job.id)?.status).toBe('in_progress')

    const put = await t.request(`/v3/export-jobs/${job.id}/items`, {
      method: 'PUT',
      headers: { ...t.auth, 'content-type': charsetJson },
      body: JSON.stringify([{ accountingEntryId: entryId, status: 'successful' }]),
    })
    expect(put.status).toBe(200)
    expect(storedItems(t, job.id).find((i) => i.accountingEntryId === entryId)?.status).toBe(
      'successful',
    )

    expect(
      (await post('application/json; charset=utf-8', { jobId: job.id, event: 'completed' })).status,
    ).toBe(202)
    expect(t.store.getJob(job.id)?.status).toBe('completed')
  })
})

describe('GET /docs', () => {
  const swaggerUi = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))

  it('is Swagger UI over /openapi.json, loading nothing from elsewhere', async () => {
    using t = inProcessFake()
    const response = await t.get('/docs', {})
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await response.text()
    expect(html).toContain("url: '/openapi.json'")
    expect(html).toContain('validatorUrl: null')
    const loaded = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '')
    expect(loaded).toEqual(
      expect.arrayContaining(['/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js']),
    )
    for (const url of loaded) expect(url, url).toMatch(/^\/(?!\/)/)
  })

  it("serves Swagger UI's files from the installed package, and 404 for any other name", async () => {
    using t = inProcessFake()
    for (const [name, type] of [
      ['swagger-ui-bundle.js', /^text\/javascript/],
      ['swagger-ui.css', /^text\/css/],
      ['oauth2-redirect.html', /^text\/html/],
      ['oauth2-redirect.js', /^text\/javascript/],
      ['favicon-32x32.png', /^image\/png$/],
    ] as const) {
      const response = await t.get(`/docs/${name}`, {})
      expect(response.status, name).toBe(200)
      expect(response.headers.get('content-type'), name).toMatch(type)
      const bytes = Buffer.from(await response.arrayBuffer())
      expect(bytes.equals(readFileSync(join(swaggerUi, name))), name).toBe(true)
    }
    for (const name of ['package.json', 'index.html', '..%2Fpackage.json']) {
      expect((await t.get(`/docs/${name}`, {})).status, name).toBe(404)
    }
  })

  it("pre-fills Try it out with the demo company's id and API key, and only when there is one", async () => {
    using t = inProcessFake()
    const html = await (await t.get('/docs', {})).text()
    expect(html).toContain(`"companyId":"${t.companyId}"`)
    expect(html).toContain(`"apiKey":"${t.apiKey}"`)
    expect(html).toContain("preauthorizeBasic('basicAuth'")
    using empty = inProcessFake({ seed: 'empty' })
    expect(await (await empty.get('/docs', {})).text()).toContain('const tryIt = null')
  })

  it('is linked from the web app at GET /', async () => {
    using t = inProcessFake()
    const response = await t.get('/', {})
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await response.text()).toContain('href="/docs"')
  })
})
