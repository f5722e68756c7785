// Creating a sandbox company: the company row and one API key carrying all export scopes.
import type { AppDeps } from '../app-env.ts'

export const allScopes = ['export-jobs:read', 'export-jobs:write', 'export-items:read'] as const

export type NewCompany = {
  id?: string | undefined
  name?: string | undefined
  apiKey?: string | undefined
  contraAccountsMissing?: boolean | undefined
}

export type CreatedCompany = { company: { id: string; name: string }; apiKey: string }

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
  deps.store.createApiKey({ key: apiKey, companyId: id, scopes: [...allScopes] }, now)
  return { company: { id, name }, apiKey }
}
