// GET /: the sandbox in a browser, a small web app served by the fake itself (job board, export
// button, job pages, clock, webhooks, faults, journal). The page only knows what the control API
// and Pleo's routes tell any script; this route serves the shell and needs no credentials.
import { z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDeps, AppEnv } from '../app-env.ts'
import { fakeOnlyTags } from '../openapi-document.ts'
import { demoCompanyId } from '../seed.ts'
import { renderWebApp } from '../web/page.tsx'

export function registerWebAppRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/',
    tags: [fakeOnlyTags.docs],
    summary: 'The web app: the sandbox in a browser',
    description:
      'Job board (live over /_sim/stream), Export button, job pages, clock, webhooks, faults and journal. Everything it shows and does goes through the control API and Pleo routes; with --admin-token it asks for the token.',
    security: [],
    responses: {
      200: { description: 'An HTML page', content: { 'text/html': { schema: z.string() } } },
    },
  })
  app.get('/', (c) => {
    const demo = deps.store.getCompany(demoCompanyId)
    return c.html(
      renderWebApp({
        title: 'fake-pleo',
        version: deps.version,
        defaultCompanyId: demo?.id,
        needsToken: deps.options.adminToken !== undefined,
      }),
    )
  })
}
