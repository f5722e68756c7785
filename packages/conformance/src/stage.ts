// The stage of one scenario: a fresh fake (its own company, API key, OAuth client and webhook
// secret, a manual clock) listening on 127.0.0.1, with every request the integration makes
// captured on the way in (the Export API over /v3 or /v2, and /v1): real time, method, path, query, body, status, how it authenticated.
// Genuine webhook deliveries are captured on the way out (when, which job, the answer), and the
// kit's own stimuli (starting the integration, a forged delivery) are noted, so scenarios and the
// profile can tell what a request could have been caused by. Scenarios act through the control
// API and judge from these captures, the journal and the final state; `onRequest` lets a scenario
// react at the exact moment a request arrives (steal a claim between verify and claim, kill the
// integration on its first item update), and a `tap` sees each request with the API key it
// came with and what the fake answered, before the integration does (how `race --cmd` builds the
// history of several instances). OAuth: the fake approves authorization requests at once
// (no browser), and `issueTokens` runs the code flow with PKCE for an integration that wants
// tokens handed to it.
import { createHash, randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { webhookPayload, type FaultRule } from '@fake-pleo/contract'
import { createControl, webhookHeader } from '@fake-pleo/client'
import type { FakePleo } from '@fake-pleo/server'

export type Captured = {
  /** Real milliseconds since the stage started. */
  at: number
  method: string
  path: string
  query: string
  body: unknown
  status: number
  jobId: string | undefined
  event: string | undefined
  /** Items of a PUT /items body (accountingEntryId, status). */
  items: { accountingEntryId: string; status: string }[] | undefined
  /** The Authorization scheme: Basic (an API key) or Bearer (an OAuth access token). */
  auth: 'basic' | 'bearer' | 'none' | 'other'
  /** The API key, with Basic (instances of one integration each have their own). */
  apiKey?: string
}

/** A genuine webhook delivery the fake sent to the integration (each attempt, each copy). */
export type Delivery = {
  /** Real milliseconds since the stage started, when it was sent and when it was answered. */
  at: number
  answeredAt: number | undefined
  /** The integration's answer; null when it did not answer (refused connection, timeout). */
  status: number | null
  /** Nothing listened: the integration was not running (or not yet listening). */
  refused: boolean
  webhookId: string
  jobId: string | undefined
}

/** The redirect URI of the stage's OAuth client (never followed: the code is read off the 302). */
export const oauthRedirectUri = 'http://127.0.0.1/oauth/callback'

export type IssuedTokens = { access_token: string; refresh_token: string; expires_in: number }

export type StageOptions = {
  /** Job expiry window in seconds (default 3600). */
  expiresIn?: number
  faults?: FaultRule[]
  /**
   * `descending`: every id the fake makes sorts before those it made earlier, so the jobs list in
   * its default order (by id) is newest first. UUIDs are opaque in Pleo's contract: any order is one
   * Pleo could serve.
   */
  ids?: 'random' | 'descending'
  /**
   * Run the fake lenient: the how-tos' aliases (`exportJobId`, `companyId`) are accepted and
   * marked in the journal instead of answering 400 (decision 0008). Default false.
   */
  lenient?: boolean
}

export type Stage = Awaited<ReturnType<typeof startStage>>

type Listener = (request: Captured) => void

/** The Export API's versions an integration may use: Pleo serves both. */
const exportPrefix = /^\/v[23](?=\/)/

/** An export route without its version (`/v2/export-jobs` → `/export-jobs`); else undefined. */
export function exportRoute(path: string): string | undefined {
  return exportPrefix.test(path) ? path.replace(exportPrefix, '') : undefined
}

const jobOf = (path: string) => /^\/export-jobs\/([^/]+)/.exec(exportRoute(path) ?? '')?.[1]

function describeBody(body: unknown) {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const list = Array.isArray(body) ? body : record.items
  const items = Array.isArray(list)
    ? (list as Record<string, unknown>[]).map((item) => ({
        accountingEntryId: String(item.accountingEntryId),
        status: String(item.status),
      }))
    : undefined
  // A lenient fake (--lenient) also takes the how-to's `exportJobId` for `jobId`.
  const named = record.jobId ?? record.exportJobId
  const jobId = typeof named === 'string' ? named : undefined
  const event = typeof record.event === 'string' ? record.event : undefined
  return { items, jobId, event }
}

/**
 * A request as it reaches the fake, for a tap (`Stage.tap`): what it asks, with which API key
 * (decoded from a Basic Authorization header), and its body text.
 */
export type Exchange = { method: string; url: URL; apiKey: string | undefined; body: string }

/**
 * Sees each request just before the fake handles it (after the `beforeRequest` hooks) and may
 * answer a function that is then given the response's status and body text, read before the
 * integration gets the response: what the fake answered is known before the integration can act
 * on it.
 */
export type Tap = (exchange: Exchange) => ((status: number, body: string) => void) | undefined

/** The API key of a Basic Authorization header (`Basic base64(key + ":")`), if it is one. */
export function basicApiKey(header: string | null): string | undefined {
  const match = /^\s*basic\s+(\S+)\s*$/i.exec(header ?? '')
  if (!match) return undefined
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return colon < 0 ? decoded : decoded.slice(0, colon)
}

/** What a request is about, known before the fake handles it. */
export type Arriving = {
  method: string
  path: string
  jobId: string | undefined
  event: string | undefined
}

type Before = (request: Arriving) => Promise<void> | void

/** Runs the taps on a request; answers what to tell them once the fake has answered. */
function tapped(taps: ReadonlySet<Tap>, request: Request, url: URL, body: string) {
  if (taps.size === 0) return undefined
  const exchange: Exchange = {
    method: request.method,
    url,
    apiKey: basicApiKey(request.headers.get('authorization')),
    body,
  }
  const answers = [...taps].flatMap((tap) => tap(exchange) ?? [])
  if (answers.length === 0) return undefined
  return async (response: Response) => {
    const text = await response.clone().text()
    for (const answer of answers) answer(response.status, text)
  }
}

async function capture(
  request: Request,
  elapsed: () => number,
  fake: FakePleo,
  record: (c: Captured) => void,
  before: (arriving: Arriving) => Promise<void>,
  taps: ReadonlySet<Tap>,
) {
  const url = new URL(request.url)
  const text = request.method === 'GET' ? '' : await request.clone().text()
  let body: unknown = null
  try {
    body = text === '' ? null : JSON.parse(text)
  } catch {
    body = text
  }
  const described = describeBody(body)
  const jobId =
    described.jobId ?? jobOf(url.pathname) ?? url.searchParams.get('job_id') ?? undefined
  await before({ method: request.method, path: url.pathname, jobId, event: described.event })
  const answered = tapped(taps, request, url, text)
  const response = await Promise.resolve(fake.app.fetch(request))
  await answered?.(response)
  const scheme = request.headers.get('authorization')?.trim().split(/\s+/)[0]?.toLowerCase()
  const apiKey = basicApiKey(request.headers.get('authorization'))
  record({
    at: elapsed(),
    method: request.method,
    path: url.pathname,
    query: url.search,
    body,
    status: response.status,
    jobId,
    event: described.event,
    items: described.items,
    auth:
      scheme === undefined ? 'none' : scheme === 'basic' || scheme === 'bearer' ? scheme : 'other',
    ...(apiKey === undefined ? {} : { apiKey }),
  })
  return response
}

/** The job a delivery is about (its body in either shape). */
function deliveredJob(body: unknown): string | undefined {
  try {
    const payload = webhookPayload(JSON.parse(String(body))) as { data?: { id?: unknown } }
    return typeof payload?.data?.id === 'string' ? payload.data.id : undefined
  } catch {
    return undefined
  }
}

/** fetch for the fake's webhook dispatcher that records every delivery in `deliveries`. */
function recordingFetch(deliveries: Delivery[], elapsed: () => number): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers)
    const delivery: Delivery = {
      at: elapsed(),
      answeredAt: undefined,
      status: null,
      refused: false,
      webhookId: webhookHeader(headers, 'id') ?? '',
      jobId: deliveredJob(init?.body),
    }
    deliveries.push(delivery)
    try {
      const response = await fetch(input, init)
      delivery.status = response.status
      return response
    } catch (error) {
      delivery.refused = (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED'
      throw error
    } finally {
      delivery.answeredAt = elapsed()
    }
  }
}

export async function startStage(options: StageOptions = {}) {
  const started = performance.now()
  const elapsed = () => performance.now() - started
  const deliveries: Delivery[] = []
  const stimuli: number[] = []
  // Loaded when a stage starts, so importing the kit does not load the server (and better-sqlite3).
  const { createFakePleo, descendingIds } = await import('@fake-pleo/server')
  const fake = createFakePleo({
    seed: 'none',
    clock: 'manual',
    expiresIn: options.expiresIn ?? 3600,
    lenient: options.lenient ?? false,
    // The integration checks webhook-timestamp against its own (real) clock, as Pleo's receivers
    // do, while scenarios move the virtual clock: deliveries are stamped with real time.
    webhookTimestamps: 'wall',
    webhookTimeoutMs: 5000,
    webhookFetch: recordingFetch(deliveries, elapsed),
    // An integration on OAuth gets its code without a browser: GET /oauth/authorize redirects
    // straight back with it (read the Location header; the redirect URI need not exist).
    oauthAutoApprove: true,
    ...(options.ids === 'descending' ? { ids: descendingIds() } : {}),
  })
  const control = createControl(async (path, init) => fake.app.request(path, init))
  const { company, apiKey } = (
    (await (
      await fake.app.request('/_sim/companies', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Conformance Co' }),
      })
    ).json()) as {
      data: { company: { id: string }; apiKey: string }
    }
  ).data
  const oauthClient = (
    (await (
      await fake.app.request('/_sim/oauth/clients', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ companyId: company.id, redirectUris: [oauthRedirectUri] }),
      })
    ).json()) as { data: { clientId: string; clientSecret: string } }
  ).data
  if (options.faults) await control.setFaults({ seed: 'conform', rules: options.faults })
  const requests: Captured[] = []
  const listeners = new Set<Listener>()
  const befores = new Set<Before>()
  const taps = new Set<Tap>()
  const before = async (arriving: Arriving) => {
    for (const hook of befores) await hook(arriving)
  }
  /** The integration's requests to /oauth (token exchanges and refreshes), apart from the API's. */
  const oauthRequests: Captured[] = []
  /** Its receipt downloads (the export items' `files[].url`), apart from the API's. */
  const receiptRequests: Captured[] = []
  const record = (c: Captured) => {
    if (c.path.startsWith('/oauth/')) oauthRequests.push(c)
    if (c.path.startsWith('/receipts/')) receiptRequests.push(c)
    if (exportRoute(c.path) === undefined && !c.path.startsWith('/v1/')) return
    requests.push(c)
    for (const listener of listeners) listener(c)
  }
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve(
      {
        fetch: (request) => capture(request, elapsed, fake, record, before, taps),
        port: 0,
        hostname: '127.0.0.1',
      },
      () => resolve(s),
    )
    s.once('error', reject)
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const auth = { authorization: `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}` }

  /** Subscribes `endpointUrl` to job webhooks; answers the subscription id and its secret. */
  const subscribe = async (endpointUrl: string) => {
    const created = await fake.app.request('/v1/subscriptions', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ endpointUrl, eventTypes: ['v1.export-job.created'] }),
    })
    const { data } = (await created.json()) as { data: { id: string } }
    const secret = await fake.app.request(`/v1/subscriptions/${data.id}/secret`, { headers: auth })
    const { data: key } = (await secret.json()) as { data: { secretKey: string } }
    return { id: data.id, secret: key.secretKey }
  }

  /** Runs the authorization code flow with PKCE outside the capture; answers fresh tokens. */
  const issueTokens = async (): Promise<IssuedTokens> => {
    const verifier = randomBytes(32).toString('base64url')
    const authorize = new URLSearchParams({
      client_id: oauthClient.clientId,
      redirect_uri: oauthRedirectUri,
      response_type: 'code',
      state: 'conform',
      code_challenge_method: 'S256',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    })
    const redirect = await fake.app.request(`/oauth/authorize?${authorize}`)
    const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? ''
    const exchanged = await fake.app.request('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: oauthRedirectUri,
        client_id: oauthClient.clientId,
        client_secret: oauthClient.clientSecret,
        code_verifier: verifier,
      }).toString(),
    })
    if (exchanged.status !== 200) {
      throw new Error(`the stage could not issue OAuth tokens: ${await exchanged.text()}`)
    }
    return (await exchanged.json()) as IssuedTokens
  }

  return {
    fake,
    url,
    companyId: company.id,
    apiKey,
    oauthClient,
    control,
    requests,
    oauthRequests,
    receiptRequests,
    /** Every genuine webhook delivery the fake sent (forged ones are the kit's stimuli). */
    deliveries,
    /** Real times (as `Captured.at`) of the kit's stimuli: integration starts, forged deliveries. */
    stimuli,
    /** Notes a stimulus now (something other than polling that may make the integration act). */
    stimulus: () => void stimuli.push(elapsed()),
    issueTokens,
    subscribe,
    /** Stops sending webhooks to a subscription (webhooks off). */
    unsubscribe: async (id: string) => {
      await fake.app.request(`/v1/subscriptions/${id}`, { method: 'DELETE', headers: auth })
    },
    /** Runs `hook` when a request arrives, before the fake handles it (and waits for it). */
    beforeRequest(hook: Before) {
      befores.add(hook)
      return () => void befores.delete(hook)
    },
    /** Runs `tap` on every request the fake is asked, whatever its route (see `Tap`). */
    tap(tap: Tap) {
      taps.add(tap)
      return () => void taps.delete(tap)
    },
    onRequest(listener: Listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    /** Real milliseconds since the stage started (the clock of `Captured.at`). */
    elapsed,
    /** Presses Export; answers the job. */
    press: (body: { numberOfItems?: number; expiresIn?: number } = {}) =>
      control.pressExport({ companyId: company.id, numberOfItems: 3, ...body }),
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        if ('closeAllConnections' in server) server.closeAllConnections()
      })
      await fake.shutdown()
    },
  }
}
