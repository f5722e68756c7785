// A route whose checks run in its own frame. `app.openapi` registers a route's middlewares and
// its zod validators as separate handlers, each an async function and a dispatch of Hono's
// compose (a GET of a job passed three: the scope, strict mode's query check and the path
// parameters' validator, itself three awaits deep). `leanRoute` documents the route exactly as
// `app.openapi` would and registers one handler that runs the same checks, in the same order,
// as plain steps, then validates the path parameters with the same schema (synchronously) and
// refuses with the same answer the app's validation hook gives (`validationError`, target
// `param`). Only for routes whose request is path parameters alone (no query or body schema).
import type { RouteConfig } from '@hono/zod-openapi'
import type { OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { validationError } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import type { SyncStep } from './request-frame.ts'

type ParamsRoute<P extends z.ZodObject> = Omit<RouteConfig, 'middleware' | 'request'> & {
  request: { params: P }
}

export function leanRoute<P extends z.ZodObject>(
  app: OpenAPIHono<AppEnv>,
  route: ParamsRoute<P>,
  checks: readonly (SyncStep | undefined)[],
  handler: (c: Context<AppEnv>, params: z.output<P>) => Response,
): void {
  app.openAPIRegistry.registerPath(route)
  const steps = checks.filter((step): step is SyncStep => step !== undefined)
  const schema = route.request.params
  const path = route.path.replaceAll(/\/{(.+?)}/g, '/:$1')
  app.on(route.method.toUpperCase(), path, (c) => {
    for (const step of steps) step(c)
    const parsed = schema.safeParse(c.req.param())
    if (!parsed.success) throw validationError(parsed.error.issues, 'param')
    return handler(c, parsed.data)
  })
}
