// GET /openapi.json documents exactly the routes the app serves — every /v3 and /_sim operation,
// no more, no fewer (the form and HTML routes under /oauth are plain routes, left out) — with the
// error statuses each public route answers, the contract's schemas as components and Basic auth as the security scheme; GET /docs renders every route as HTML,
// and GET / redirects there. Both answer without credentials.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { version } from '../src/index.ts'
import { inProcessFake } from './helpers.ts'
import { read } from './support.ts'

const operationSchema = z.object({
  summary: z.string().min(1),
  tags: z.array(z.string()).min(1),
  responses: z.record(z.string(), z.object({ description: z.string() })),
})
const documentSchema = z.object({
  openapi: z.string(),
  info: z.object({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), operationSchema)),
  components: z.object({
    schemas: z.record(z.string(), z.unknown()),
    securitySchemes: z.record(z.string(), z.object({ type: z.string(), scheme: z.string() })),
  }),
  security: z.array(z.record(z.string(), z.array(z.string()))),
})

/** Every operation the app serves, with the statuses the tests elsewhere see it answer. */
const expected: Record<string, string[]> = {
  'GET /v3/export-jobs': ['200', '400', '401', '403'],
  'POST /v3/export-jobs': ['201', '400', '401', '403', '409'],
  'GET /v3/export-jobs/{jobId}': ['200', '400', '401', '403', '404'],
  'POST /v3/export-job-events': ['202', '400', '401', '403', '404', '422'],
  'GET /v3/export-jobs/{jobId}/items': ['200', '400', '401', '403', '404'],
  'PUT /v3/export-jobs/{jobId}/items': ['200', '400', '401', '403', '404', '413', '422'],
  'GET /v3/export-items': ['200', '400', '401', '403', '404', '422'],
  'GET /receipts/{accountingEntryId}/{fileName}': ['200', '400', '403', '404'],
  'GET /_sim/export-items/{accountingEntryId}': ['200', '400', '404'],
  'GET /_sim/health': ['200'],
  'POST /_sim/companies': ['201', '400'],
  'POST /_sim/export-jobs': ['201', '400', '404'],
  'POST /_sim/export-job-events': ['202', '400', '404', '422'],
  'GET /_sim/clock': ['200'],
  'POST /_sim/clock/advance': ['200', '400'],
  'POST /_sim/clock/set': ['200', '400'],
  'GET /_sim/journal': ['200', '400'],
  'POST /_sim/reset': ['200'],
  'PUT /_sim/faults': ['200', '400'],
  'GET /_sim/faults': ['200'],
  'DELETE /_sim/faults': ['200'],
  'GET /_sim/stream': ['200', '400'],
  'GET /_sim/deliveries': ['200', '400'],
  'POST /_sim/deliveries/{id}/redeliver': ['202', '400', '404'],
  'POST /_sim/vendors': ['201', '400', '404'],
  'POST /_sim/oauth/clients': ['201', '400', '404'],
  'GET /v1/subscriptions': ['200', '400', '401', '403'],
  'POST /v1/subscriptions': ['200', '400', '401', '403'],
  'GET /v1/subscriptions/{id}': ['200', '400', '401', '403', '404'],
  'PUT /v1/subscriptions/{id}': ['200', '400', '401', '403', '404'],
  'DELETE /v1/subscriptions/{id}': ['204', '400', '401', '403', '404'],
  'GET /v1/subscriptions/{id}/secret': ['200', '400', '401', '403', '404'],
  'POST /v1/subscriptions/{id}/secret/rotate': ['200', '400', '401', '403', '404'],
}

describe('GET /openapi.json', () => {
  it('documents every route and nothing else', async () => {
    const t = inProcessFake()
    const doc = await read(await t.get('/openapi.json', {}), 200, documentSchema)
    expect(doc.openapi).toBe('3.0.3')
    expect(doc.info.version).toBe(version)
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    )
    expect(operations.sort()).toEqual(Object.keys(expected).sort())
    for (const [operation, statuses] of Object.entries(expected)) {
      const [method = '', path = ''] = operation.split(' ')
      const documented = doc.paths[path]?.[method.toLowerCase()]
      expect(Object.keys(documented?.responses ?? {}).sort(), operation).toEqual(statuses)
    }
  })

  it('names the contract schemas and Basic auth', async () => {
    const t = inProcessFake()
    const doc = await read(await t.get('/openapi.json', {}), 200, documentSchema)
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'ExportJobV3',
        'ExportJobItemV3',
        'ExportItemV3',
        'ExportJobItemUpdateV3',
        'CursorPageInfo',
        'ExceptionInfo',
      ]),
    )
    expect(doc.components.securitySchemes.basicAuth).toMatchObject({
      type: 'http',
      scheme: 'basic',
    })
    expect(doc.security).toEqual([{ basicAuth: [] }])
  })
})

describe('GET /docs', () => {
  it('renders every route as an HTML page', async () => {
    const t = inProcessFake()
    const response = await t.get('/docs', {})
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await response.text()
    expect(html.startsWith('<!doctype html>')).toBe(true)
    for (const operation of Object.keys(expected)) {
      const [method = '', path = ''] = operation.split(' ')
      expect(html, operation).toContain(`${method}</span> <code>${path}</code>`)
    }
  })

  it('is where GET / redirects', async () => {
    const t = inProcessFake()
    const response = await t.get('/', {})
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/docs')
  })
})
