// Scope enforcement, one check for every Pleo route: `requireScope(scope)` runs after
// authentication (the principal is on the context) and before validation, and answers 403
// ACCESS_DENIED naming the missing scope and the scopes the credentials do have, so a refused
// request never reaches a handler and changes nothing. API keys and bearer tokens alike.
// `scopeStep` is the same check as a step (request-frame.ts), for routes that run their checks
// in their own frame (lean-route.ts).
import type { MiddlewareHandler } from 'hono'
import { ApiError } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import type { Scope } from '../services/companies.ts'
import { asMiddleware, type SyncStep } from './request-frame.ts'

export function scopeStep(scope: Scope): SyncStep {
  return (c) => {
    const { scopes } = c.get('principal')
    if (!scopes.includes(scope)) {
      const have = scopes.length > 0 ? scopes.join(', ') : 'no scopes'
      throw new ApiError(
        'ACCESS_DENIED',
        `This request needs the scope ${scope}; the credentials have ${have}.`,
      )
    }
  }
}

export function requireScope(scope: Scope): MiddlewareHandler<AppEnv> {
  return asMiddleware(scopeStep(scope))
}
