// Scope enforcement, one middleware for every Pleo route: `requireScope(scope)` runs after
// authentication (the principal is on the context) and before validation, and answers 403
// ACCESS_DENIED naming the missing scope and the scopes the credentials do have, so a refused
// request never reaches a handler and changes nothing. API keys and bearer tokens alike.
import type { MiddlewareHandler } from 'hono'
import { ApiError } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import type { Scope } from '../services/companies.ts'

export function requireScope(scope: Scope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { scopes } = c.get('principal')
    if (!scopes.includes(scope)) {
      const have = scopes.length > 0 ? scopes.join(', ') : 'no scopes'
      throw new ApiError(
        'ACCESS_DENIED',
        `This request needs the scope ${scope}; the credentials have ${have}.`,
      )
    }
    await next()
  }
}
