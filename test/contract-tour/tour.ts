// The tour's world: two in-process fakes on manual clocks with seeded ids (`main` with the
// defaults, `spec` running `--expired-status failed`), the demo company's credentials on each, a
// notebook of ids the steps hand on to later steps, and the control-API helpers the steps use to
// arrange things (press Export, companies, OAuth tokens with chosen scopes, the clock, faults).
// Arranging goes through /_sim and /oauth only, never Pleo's routes, so the journal's record of
// Pleo's routes is exactly the tour's requests.
import { createHash, randomBytes } from 'node:crypto'
import { createControl, type Control } from '@fake-pleo/client'
import {
  createFakePleo,
  demoOAuthClient,
  seededIds,
  type FakePleo,
  type FakePleoOptions,
} from '@fake-pleo/server'
import type { ExpiredStatus } from '@fake-pleo/contract'

export type FakeName = 'main' | 'spec'

export type TourFake = {
  name: FakeName
  fake: FakePleo
  expiredStatus: ExpiredStatus
  companyId: string
  /** The demo company's API key as Basic credentials (every scope). */
  auth: Record<string, string>
  control: Control
  request(path: string, init?: RequestInit): Promise<Response>
  /** Everything the fake stores except the journal, which every request appends to. */
  state(): Record<string, unknown>
}

/** One request the tour made to one of Pleo's routes, and what it got. */
type Outcome = { fake: FakeName; op: string; method: string; path: string; status: number }

export type Tour = {
  fakes: Record<FakeName, TourFake>
  /** Ids and cursors steps hand on to later steps, by name. */
  notes: Map<string, string>
  outcomes: Outcome[]
  /** Job and item statuses seen in validated answers, per fake. */
  seen: Record<FakeName, { jobs: Set<string>; items: Set<string> }>
}

/** A UUID-shaped id nothing in the tour ever creates. */
export const unknownId = '00000000-0000-4000-8000-000000000000'
/** Where the manual clocks start: a fixed instant, so every run sees the same dates. */
const start = Date.parse('2025-03-03T09:00:00Z')
/** The redirect URI the demo OAuth client is registered with. */
const redirectUri = 'http://127.0.0.1:8080/callback'

function tourFake(name: FakeName, options: FakePleoOptions): TourFake {
  const fake = createFakePleo({
    seed: 'demo',
    clock: 'manual',
    realNow: () => start,
    ids: seededIds(`contract-tour:${name}`),
    webhookDelivery: 'off',
    ...options,
  })
  const request = (path: string, init: RequestInit = {}) =>
    Promise.resolve(fake.app.request(path, init))
  return {
    name,
    fake,
    expiredStatus: options.expiredStatus ?? 'expired',
    companyId: fake.companyId ?? '',
    auth: { authorization: `Basic ${Buffer.from(`${fake.apiKey ?? ''}:`).toString('base64')}` },
    control: createControl(request),
    request,
    state: () => {
      const state = fake.deps.store.snapshot()
      delete state.journal
      return state
    },
  }
}

export function createTour(): Tour {
  return {
    fakes: { main: tourFake('main', {}), spec: tourFake('spec', { expiredStatus: 'failed' }) },
    notes: new Map(),
    outcomes: [],
    seen: {
      main: { jobs: new Set(), items: new Set() },
      spec: { jobs: new Set(), items: new Set() },
    },
  }
}

export function closeTour(tour: Tour): void {
  for (const f of Object.values(tour.fakes)) f.fake.close()
}

/** A note an earlier step left; fails loudly when that step did not run or did not leave it. */
export function note(tour: Tour, name: string): string {
  const value = tour.notes.get(name)
  if (value === undefined) throw new Error(`no note '${name}': an earlier step should have left it`)
  return value
}

/** POST /_sim/export-jobs ("press Export") for the demo company; returns the new job's id. */
export async function pressExport(f: TourFake, body: { numberOfItems?: number } = {}) {
  return (await f.control.pressExport({ companyId: f.companyId, ...body })).id
}

/** A second sandbox company with its own API key as Basic credentials. */
export async function createCompany(f: TourFake, body: { contraAccountsMissing?: boolean } = {}) {
  const created = await f.control.createCompany({ name: 'Tour Other ApS', ...body })
  return {
    companyId: created.company.id,
    auth: { authorization: `Basic ${Buffer.from(`${created.apiKey}:`).toString('base64')}` },
  }
}

/**
 * An OAuth 2.0 access token for the demo company with exactly these scopes, from the fake's
 * authorization-code flow with PKCE (auto-approved), as Bearer credentials.
 */
async function bearer(f: TourFake, scopes: string[]): Promise<Record<string, string>> {
  const verifier = randomBytes(32).toString('base64url')
  const challenge = createHash('sha256').update(verifier).digest('base64url')
  const query = new URLSearchParams({
    client_id: demoOAuthClient.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: scopes.join(' '),
    code_challenge_method: 'S256',
    code_challenge: challenge,
    auto_approve: '1',
  })
  const authorized = await f.request(`/oauth/authorize?${query.toString()}`)
  const code = new URL(authorized.headers.get('location') ?? 'x:/').searchParams.get('code')
  if (authorized.status !== 302 || !code) throw new Error('the OAuth flow gave no code')
  const client = `${demoOAuthClient.clientId}:${demoOAuthClient.clientSecret}`
  const exchanged = await f.request('/oauth/token', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(client).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }).toString(),
  })
  const tokens = (await exchanged.json()) as { access_token?: string; scope?: string }
  if (exchanged.status !== 200 || tokens.scope !== scopes.join(' ')) {
    throw new Error(`the token endpoint answered ${exchanged.status}: ${JSON.stringify(tokens)}`)
  }
  return { authorization: `Bearer ${tokens.access_token ?? ''}` }
}

/** Credentials that lack `scope` (every other scope), for the 403 steps. */
export function bearerWithout(f: TourFake, scope: string) {
  const all = ['export-jobs:read', 'export-jobs:write', 'export-items:read']
  return bearer(
    f,
    all.filter((s) => s !== scope),
  )
}
