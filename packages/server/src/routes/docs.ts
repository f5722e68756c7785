// GET /openapi.json (the document, built per request so its servers and OAuth URLs name the
// address the fake was reached at), GET /docs (Swagger UI, offline) with its files under /docs/,
// (GET / is the web app, routes/web-app.ts). No credentials; fake-only, and documented as such.
import { z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDeps, AppEnv } from '../app-env.ts'
import { docsAsset, docsAssets, renderDocsPage, type DocsAsset } from '../docs-page.ts'
import { demoApiKey, demoCompanyId } from '../seed.ts'
import { buildOpenApiDocument, documentTitle, fakeOnlyTags } from '../openapi-document.ts'

export function registerDocsRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const tags = [fakeOnlyTags.docs]
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/openapi.json',
    tags,
    summary: 'This OpenAPI document',
    description:
      "OpenAPI 3.0: Pleo's operations as Pleo's documents describe them, and the fake-only ones tagged `fake-only: …` with `x-fake-only: true`.",
    security: [],
    responses: {
      200: {
        description: 'The document',
        content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
      },
    },
  })
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/docs',
    tags,
    summary: 'This reference (Swagger UI, served offline)',
    security: [],
    responses: {
      200: { description: 'An HTML page', content: { 'text/html': { schema: z.string() } } },
    },
  })

  app.get('/openapi.json', (c) =>
    c.json(
      buildOpenApiDocument(app, {
        origin: new URL(c.req.url).origin,
        version: deps.version,
        expiredStatus: deps.options.expiredStatus,
      }),
    ),
  )
  app.get('/docs', (c) => {
    // Keys are kept only as hashes: the demo seed's fixed, public key is the one that can be
    // offered, when the demo company still has it.
    const demo = deps.store.findApiKey(demoApiKey)?.companyId === demoCompanyId
    const tryIt = demo ? { companyId: demoCompanyId, apiKey: demoApiKey } : undefined
    return c.html(renderDocsPage(documentTitle, tryIt))
  })
  for (const name of Object.keys(docsAssets) as DocsAsset[])
    app.get(`/docs/${name}`, () => docsAsset(name))
}
