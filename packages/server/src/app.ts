// createApp(deps): the Hono app of the fake. Pleo's routes (the Export API under /v3 and /v2, one
// set of handlers for both, and the Subscriptions API under /v1) behind API-key or bearer auth,
// receipt files under /receipts (pre-signed links, no auth), the control API under /_sim, the
// OAuth 2.0 server under /oauth, /openapi.json, /docs and the web app at /. Every request is
// journaled; control requests first pass the control guards (Host, Origin, admin token, JSON
// content type), which refuse before anything changes. Then due jobs expire; requests to Pleo's
// routes and receipt downloads may first meet an injected fault. The state at creation time is
// the baseline POST /_sim/reset returns to.
import { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { validationError } from './api-error.ts'
import type { AppDeps, AppEnv } from './app-env.ts'
import { adminGuard } from './http/admin-guard.ts'
import { requireAuth } from './http/auth.ts'
import { jsonBodyOnly, limitBody } from './http/body-guard.ts'
import { controlJsonOnly, controlOwnerGuard, emptyJsonAsObject } from './http/control-guard.ts'
import { notFoundOver, toApiError } from './http/errors.ts'
import { injectFaults } from './http/fault-injection.ts'
import { requestFrame, type Lane, type Step } from './http/request-frame.ts'
import { createResponseCache } from './http/response-cache.ts'
import { exportApiVersions } from './http/export-api-versions.ts'
import { createFaultEngine } from './faults/engine.ts'
import { registerControlRoutes } from './routes/control.ts'
import { registerOAuthControlRoutes } from './routes/control-oauth.ts'
import { registerOAuthRoutes } from './routes/oauth.ts'
import { registerFaultRoutes } from './routes/control-faults.ts'
import { registerWebhookControlRoutes } from './routes/control-webhooks.ts'
import { registerSubscriptionRoutes } from './routes/subscriptions.ts'
import { registerDocsRoutes } from './routes/docs.ts'
import { expireDue } from './services/announce.ts'
import { registerStateRoutes } from './routes/control-state.ts'
import { registerStreamRoutes } from './routes/control-stream.ts'
import { registerViewRoutes } from './routes/control-views.ts'
import { registerWebAppRoutes } from './routes/web-app.ts'
import { registerEventRoutes } from './routes/export-job-events.ts'
import { registerExportItemRoutes } from './routes/export-items.ts'
import { registerItemRoutes } from './routes/export-job-items.ts'
import { registerExportJobRoutes } from './routes/export-jobs.ts'
import { registerExportItemPage } from './routes/export-item-page.ts'
import { registerReceiptRoutes } from './routes/receipts.ts'
import { receiptKey } from './receipts/links.ts'

export type FakePleoApp = OpenAPIHono<AppEnv>

const exportPrefixes = exportApiVersions.map((api) => api.prefix)

const quietPaths = new Set(['/_sim/health', '/openapi.json', '/docs'])
const isQuiet = (path: string) => quietPaths.has(path) || path.startsWith('/docs/')

export function createApp(given: AppDeps): FakePleoApp {
  const faults = given.faults ?? createFaultEngine()
  const deps: AppDeps = { ...given, faults, listCache: given.listCache ?? createResponseCache() }
  receiptKey(deps.store)
  deps.store.saveBaseline()
  const baseline = { clock: deps.clock.state(), faults: faults.getRules() }
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error.issues, result.target)
    },
  })
  const answerError = (error: Error, c: Context<AppEnv>) =>
    toApiError(error, deps.log, c).toResponse()
  app.onError(answerError)
  app.notFound(notFoundOver(() => app.routes))

  // The steps in the order they run (request-frame.ts), by the path prefix they apply under.
  const limit = limitBody(deps.options.bodyLimitBytes)
  const faultStep = injectFaults(faults)
  const auth = requireAuth(deps)
  const under = (prefixes: readonly string[], steps: Step[]): Lane[] =>
    prefixes.map((prefix) => ({ under: prefix, steps }))
  const lanes: Lane[] = [
    {
      under: '/_sim',
      steps: [
        controlOwnerGuard(deps.options),
        adminGuard(deps.options.adminToken),
        controlJsonOnly(),
      ],
    },
    ...under([...exportPrefixes, '/v1', '/receipts'], [faultStep]),
    {
      under: '*',
      steps: [
        (c) => {
          if (!isQuiet(c.req.path)) expireDue(deps)
        },
      ],
    },
    ...under(exportPrefixes, [limit, jsonBodyOnly()]),
    { under: '/_sim', steps: [limit, jsonBodyOnly(), emptyJsonAsObject()] },
    { under: '/oauth', steps: [limit] },
    ...under(exportPrefixes, [auth]),
    { under: '/v1', steps: [limit, jsonBodyOnly(), auth] },
  ]
  app.use('*', requestFrame(deps, lanes, answerError))

  for (const api of exportApiVersions) {
    registerExportJobRoutes(app, deps, api)
    registerEventRoutes(app, deps, api)
    registerItemRoutes(app, deps, api)
    registerExportItemRoutes(app, deps, api)
  }
  registerReceiptRoutes(app, deps)
  registerExportItemPage(app, deps)
  registerControlRoutes(app, deps)
  registerStateRoutes(app, deps, baseline)
  registerFaultRoutes(app, faults)
  registerStreamRoutes(app, deps)
  registerSubscriptionRoutes(app, deps)
  registerWebhookControlRoutes(app, deps)
  registerOAuthControlRoutes(app, deps)
  registerOAuthRoutes(app, deps)
  registerDocsRoutes(app, deps)
  registerViewRoutes(app, deps)
  registerWebAppRoutes(app, deps)
  return app
}
