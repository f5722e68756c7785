// Creating a sandbox company: the company row and its first API key, carrying the scopes asked for
// (all export scopes unless told otherwise); and more keys for a company that exists (several
// instances of one integration, each told apart by its key). The single place that creates API keys.
import type { AppDeps } from '../app-env.ts'

export const allScopes = ['export-jobs:read', 'export-jobs:write', 'export-items:read'] as const

export type Scope = (typeof allScopes)[number]

export type NewCompany = {
  id?: string | undefined
  name?: string | undefined
  apiKey?: string | undefined
  contraAccountsMissing?: boolean | undefined
  /** The API key's scopes; all of them when absent, none for an empty list. */
  scopes?: readonly Scope[] | undefined
}

export type CreatedCompany = {
  company: { id: string; name: string }
  apiKey: string
  scopes: Scope[]
}

export function createCompany(
  deps: Pick<AppDeps, 'store' | 'ids' | 'clock'>,
  input: NewCompany,
): CreatedCompany {
  const now = deps.clock.now()
  const id = input.id ?? deps.ids.uuid()
  const name = input.name ?? `Sandbox company ${id.slice(0, 8)}`
  deps.store.createCompany({
    id,
    name,
    contraAccountsMissing: input.contraAccountsMissing ?? false,
    createdAt: now,
  })
  const apiKey = input.apiKey ?? deps.ids.apiKey()
  const scopes = [...new Set(input.scopes ?? allScopes)]
  deps.store.createApiKey({ key: apiKey, companyId: id, scopes }, now)
  return { company: { id, name }, apiKey, scopes }
}

/** Another API key for an existing company (all export scopes unless told otherwise). */
export function addApiKey(
  deps: Pick<AppDeps, 'store' | 'ids' | 'clock'>,
  companyId: string,
  scopes: readonly Scope[] = allScopes,
): { apiKey: string; scopes: Scope[] } {
  const apiKey = deps.ids.apiKey()
  const unique = [...new Set(scopes)]
  deps.store.createApiKey({ key: apiKey, companyId, scopes: unique }, deps.clock.now())
  return { apiKey, scopes: unique }
}
