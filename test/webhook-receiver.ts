// A webhook receiver for the tests: a Hono app on @hono/node-server bound to 127.0.0.1 on a free
// port, recording every request it gets (path, lower-cased headers, the exact body bytes, the
// real time of receipt) and answering through a replaceable responder: 204 by default, any status
// or headers, or never (the request hangs until the receiver closes). Plus a small client for the
// fake's Subscriptions API and delivery journal, and the verification helpers shared by the
// webhook tests.
import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import { Webhook as SvixWebhook } from 'svix'
import { expect } from 'vitest'

export type Received = {
  method: string
  path: string
  headers: Record<string, string>
  /** The exact bytes of the body. */
  bytes: Buffer
  body: string
  /** Date.now() when the request arrived. */
  receivedAt: number
}

export type Responder = (request: Received) => Response | 'hang'

export type Receiver = {
  url: string
  received: Received[]
  /** Requests to one path (each test subscribes its own path). */
  at(path: string): Received[]
  respondWith(responder: Responder): void
  /** Requests still waiting for an answer ('hang'). */
  hanging(): number
  close(): Promise<void>
}

export async function startReceiver(responder: Responder = () => noContent()): Promise<Receiver> {
  const received: Received[] = []
  const waiting = new Set<() => void>()
  let respond = responder
  const app = new Hono()
  app.all('*', async (c) => {
    const bytes = Buffer.from(await c.req.arrayBuffer())
    const request: Received = {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      headers: Object.fromEntries(c.req.raw.headers),
      bytes,
      body: bytes.toString('utf8'),
      receivedAt: Date.now(),
    }
    received.push(request)
    const answer = respond(request)
    if (answer !== 'hang') return answer
    // Never answers on its own; released (with a 503 nobody reads) when the receiver closes.
    await new Promise<void>((resolve) => waiting.add(resolve))
    return new Response(null, { status: 503 })
  })
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
    s.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    at: (path) => received.filter((r) => r.path === path),
    respondWith: (next) => void (respond = next),
    hanging: () => waiting.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const release of waiting) release()
        waiting.clear()
        server.close(() => resolve())
        if ('closeAllConnections' in server) server.closeAllConnections()
      }),
  }
}

export const noContent = () => new Response(null, { status: 204 })
export const status =
  (code: number, headers: Record<string, string> = {}) =>
  () =>
    new Response(code === 204 ? null : `status ${code}`, { status: code, headers })

function basicAuth(apiKey: string): string {
  return `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`
}

export type Delivery = {
  id: number
  webhookId: string
  subscriptionId: string
  eventType: string
  attempt: number
  at: string
  status: number | null
  error: string | null
  fault: string | null
  durationMs: number
}

/** Pleo's SubscriptionModel: the optional fields are left out when empty, never null. */
export type SubscriptionModel = {
  id: string
  endpointUrl: string
  eventTypes: string[]
  status: 'ACTIVE' | 'INACTIVE'
  customHeaders?: Record<string, string>
  endpointAuth?: { type?: string; credentials?: { username?: string } }
  deletedAt?: string
}

/** The fake's public and control endpoints a webhook test needs, against one base URL. */
export function fakeClient(base: string, apiKey: string) {
  const call = async (method: string, path: string, body?: unknown, auth = true) => {
    const headers: Record<string, string> = {}
    if (auth) headers.authorization = basicAuth(apiKey)
    // State-changing requests say JSON even without a body (the control API requires it).
    if (body !== undefined || method !== 'GET') headers['content-type'] = 'application/json'
    const response = await fetch(new URL(path, base), {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    const text = await response.text()
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined }
  }
  const ok = async <T>(method: string, path: string, expected: number, body?: unknown) => {
    const response = await call(method, path, body, !path.startsWith('/_sim'))
    expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBe(expected)
    return response.body as T
  }
  return {
    call,
    ok,
    subscribe: async (request: Record<string, unknown>) => {
      const { data } = await ok<{ data: SubscriptionModel }>('POST', '/v1/subscriptions', 200, {
        eventTypes: ['v1.export-job.created'],
        ...request,
      })
      const secret = await ok<{ data: { secretKey: string } }>(
        'GET',
        `/v1/subscriptions/${data.id}/secret`,
        200,
      )
      return { subscription: data, secret: secret.data.secretKey }
    },
    pressExport: async (companyId: string, numberOfItems = 1) =>
      (
        await ok<{ data: { id: string } }>('POST', '/_sim/export-jobs', 201, {
          companyId,
          numberOfItems,
        })
      ).data,
    advance: (seconds: number) =>
      ok<{ data: { nowMs: number } }>('POST', '/_sim/clock/advance', 200, { seconds }),
    clock: async () => (await ok<{ data: { nowMs: number } }>('GET', '/_sim/clock', 200)).data,
    /** Every attempt in the journal, oldest first (follows `after` page by page, bounded). */
    deliveries: async (): Promise<Delivery[]> => {
      const all: Delivery[] = []
      for (let page = 0; page < 100; page++) {
        const after = all.at(-1)?.id ?? 0
        const { data } = await ok<{ data: Delivery[] }>(
          'GET',
          `/_sim/deliveries?after=${after}&limit=1000`,
          200,
        )
        all.push(...data)
        if (data.length < 1000) return all
      }
      throw new Error('more than 100 pages of deliveries')
    },
  }
}

/** Verifies with both libraries; returns the parsed body (they must agree). */
export function verifyBoth(secret: string, request: Pick<Received, 'body' | 'headers'>): unknown {
  const viaSvix = new SvixWebhook(secret).verify(request.body, request.headers)
  const viaStandard = new StandardWebhook(secret).verify(request.body, request.headers)
  expect(viaStandard).toEqual(viaSvix)
  return viaSvix
}

/** Expects both libraries to refuse; returns their error messages. */
export function refusedByBoth(
  secret: string,
  request: Pick<Received, 'body' | 'headers'>,
): string[] {
  const messages: string[] = []
  for (const verify of [
    () => new SvixWebhook(secret).verify(request.body, request.headers),
    () => new StandardWebhook(secret).verify(request.body, request.headers),
  ]) {
    let error: unknown
    try {
      verify()
    } catch (caught) {
      error = caught
    }
    expect(error, 'verification should have thrown').toBeInstanceOf(Error)
    messages.push((error as Error).message)
  }
  return messages
}
