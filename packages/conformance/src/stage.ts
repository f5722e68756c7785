// The stage of one scenario: a fresh fake (its own company, API key, OAuth client and webhook
// secret, a manual clock) listening on 127.0.0.1, with every request the integration makes
// captured on the way in (the Export API over /v3 or /v2, and /v1): real time, method, path,
// query, body, status. Scenarios act through the control API and judge from these captures, the
// journal, the deliveries and the final state; `onRequest` lets a scenario react at the exact
// moment a request arrives (steal a claim between verify and claim, kill the integration on its
// first item update).
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { createFakePleo, createControl, type FakePleo, type FaultRule } from '@fake-pleo/server'

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
}

export type StageOptions = {
  /** Job expiry window in seconds (default 3600). */
  expiresIn?: number
  faults?: FaultRule[]
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
  const jobId = typeof record.jobId === 'string' ? record.jobId : undefined
  const event = typeof record.event === 'string' ? record.event : undefined
  return { items, jobId, event }
}

/** What a request is about, known before the fake handles it. */
export type Arriving = {
  method: string
  path: string
  jobId: string | undefined
  event: string | undefined
}

type Before = (request: Arriving) => Promise<void> | void

async function capture(
  request: Request,
  started: number,
  fake: FakePleo,
  record: (c: Captured) => void,
  before: (arriving: Arriving) => Promise<void>,
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
  const response = await Promise.resolve(fake.app.fetch(request))
  record({
    at: performance.now() - started,
    method: request.method,
    path: url.pathname,
    query: url.search,
    body,
    status: response.status,
    jobId,
    event: described.event,
    items: described.items,
  })
  return response
}

export async function startStage(options: StageOptions = {}) {
  const started = performance.now()
  const fake = createFakePleo({
    seed: 'none',
    clock: 'manual',
    expiresIn: options.expiresIn ?? 3600,
    // The integration checks webhook-timestamp against its own (real) clock, as Pleo's receivers
    // do, while scenarios move the virtual clock: deliveries are stamped with real time.
    webhookTimestamps: 'wall',
    webhookTimeoutMs: 5000,
  })
  const control = createControl(async (path, init) => fake.app.request(path, init))
  const { company, apiKey, oauthClient } = (
    (await (
      await fake.app.request('/_sim/companies', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Conformance Co' }),
      })
    ).json()) as {
      data: {
        company: { id: string }
        apiKey: string
        oauthClient: { clientId: string; clientSecret: string }
      }
    }
  ).data
  if (options.faults) await control.setFaults({ seed: 'conform', rules: options.faults })
  const requests: Captured[] = []
  const listeners = new Set<Listener>()
  const befores = new Set<Before>()
  const before = async (arriving: Arriving) => {
    for (const hook of befores) await hook(arriving)
  }
  const record = (c: Captured) => {
    if (exportRoute(c.path) === undefined && !c.path.startsWith('/v1/')) return
    requests.push(c)
    for (const listener of listeners) listener(c)
  }
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve(
      {
        fetch: (request) => capture(request, started, fake, record, before),
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

  return {
    fake,
    url,
    companyId: company.id,
    apiKey,
    oauthClient,
    control,
    requests,
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
    onRequest(listener: Listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    /** Real milliseconds since the stage started (the clock of `Captured.at`). */
    elapsed: () => performance.now() - started,
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
