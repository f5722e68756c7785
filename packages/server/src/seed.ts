// The `demo` seed: one company with a fixed id and a fixed API key, and three pending jobs of
// different ages whose id order is not their age order (so an integration that trusts list order
// picks the wrong one), plus an OAuth client with a fixed id and secret. Deterministic: every
// start of the demo looks the same.
import type { AppDeps } from './app-env.ts'
import { seededIds } from './ids.ts'
import { createCompany } from './services/companies.ts'
import { createJob } from './services/jobs.ts'
import { createOAuthClient, defaultRedirectUri } from './services/oauth.ts'

export const demoCompanyId = '12abc3d4-e567-890e-1234-abc56e78fabc'

/**
 * The demo company's API key: the first secret the demo seed draws, so it is the same on every
 * start, and a restart on a database the demo seed made can name it (the store keeps only hashes).
 */
export const demoApiKey = seededIds('demo').apiKey()

const demoOAuthIds = seededIds('demo:oauth')

/** The demo company's OAuth client (redirect URI http://127.0.0.1:8080/callback). */
export const demoOAuthClient = {
  clientId: demoOAuthIds.uuid(),
  clientSecret: demoOAuthIds.secret(),
} as const

export type SeedName = 'demo' | 'empty' | 'none'

export type SeedResult = { companyId: string; apiKey: string } | undefined

function seedDemo(deps: Pick<AppDeps, 'store' | 'clock' | 'options'>): SeedResult {
  const ids = seededIds('demo')
  const seedDeps = { ...deps, ids }
  const { apiKey } = createCompany(seedDeps, { id: demoCompanyId, name: 'Demo Company ApS' })
  if (apiKey !== demoApiKey) throw new Error('the demo seed drew another key than demoApiKey')
  // Sorted by id: [a, b, c]. Ages make b the newest and c the oldest, so id order ≠ age order.
  const [a, b, c] = [ids.uuid(), ids.uuid(), ids.uuid()].sort()
  const window = deps.options.expiresIn
  const plan = [
    { id: c, fraction: 0.3, items: 4 },
    { id: a, fraction: 0.2, items: 3 },
    { id: b, fraction: 0.1, items: 5 },
  ]
  for (const job of plan) {
    createJob(seedDeps, {
      id: job.id,
      companyId: demoCompanyId,
      numberOfItems: job.items,
      ageSeconds: Math.floor(window * job.fraction),
    })
  }
  createOAuthClient(seedDeps, {
    ...demoOAuthClient,
    companyId: demoCompanyId,
    redirectUris: [defaultRedirectUri],
  })
  return { companyId: demoCompanyId, apiKey }
}

/** `empty`: one company with fresh random ids and no jobs. */
function seedEmpty(deps: Pick<AppDeps, 'store' | 'clock' | 'ids'>): SeedResult {
  const { company, apiKey } = createCompany(deps, {})
  return { companyId: company.id, apiKey }
}

export function runSeed(
  name: SeedName,
  deps: Pick<AppDeps, 'store' | 'clock' | 'options' | 'ids'>,
): SeedResult {
  if (name === 'demo') return seedDemo(deps)
  if (name === 'empty') return seedEmpty(deps)
  return undefined
}
