// One delivery attempt on the wire: the signed request (headers and the exact body bytes they
// sign, signed afresh per attempt; `webhook-timestamp` is real time unless the fidelity options say
// `virtual`, and the body is plain or in the doc example's wrapped shape) and its POST, whose
// answer becomes an outcome: a 2xx within the timeout is delivered, `webhook-delivery:
// abort-message` stops retries, a redirect, another status, a timeout or a network error is a
// failed attempt.
import { wrapWebhookBody } from '@fake-pleo/contract'
import type { Clock } from '../clock.ts'
import type { WebhookFault } from '../faults/types.ts'
import type { FidelityOptions } from '../options.ts'
import type { OutboxRow, SubscriptionRecord, WebhookStore } from '../store/webhook-store.ts'
import { secretsFor, signatureAsSent, timestampOf } from './dispatch-faults.ts'
import { signatureHeader } from './signer.ts'

/** What an attempt came to: the endpoint's status (null: no answer) and whether it said stop. */
export type Outcome = { status: number | null; error: string | null; abort: boolean }

export type SignedRequest = { headers: Record<string, string>; body: string }

export type RequestSigner = (
  sub: SubscriptionRecord,
  row: OutboxRow,
  fault: WebhookFault | undefined,
) => SignedRequest

export function createRequestSigner(deps: {
  webhooks: Pick<WebhookStore, 'activeSecrets'>
  clock: Clock
  newSecret: () => string
  /** Read at every attempt, so a change applies to the next one. */
  fidelity: Pick<FidelityOptions, 'webhookTimestamps' | 'webhookBody'>
  userAgent: string
}): RequestSigner {
  const { webhooks, clock, fidelity } = deps
  return (sub, row, fault) => {
    const now = clock.now()
    const base = fidelity.webhookTimestamps === 'virtual' ? now : clock.wallNow()
    const timestamp = timestampOf(base, fault)
    const secrets = secretsFor(fault, () => webhooks.activeSecrets(sub.id, now), deps.newSecret)
    const sign = (bytes: string) =>
      signatureAsSent(signatureHeader(secrets, row.webhookId, timestamp, bytes), fault)
    const body =
      fidelity.webhookBody === 'wrapped'
        ? wrapWebhookBody(row.webhookId, timestamp, sign(row.body), row.body)
        : row.body
    // Custom header names are lower-cased so that the fake's own headers below replace any
    // spelling of them ('Webhook-Id', 'Content-Type') instead of being joined to it by fetch.
    const custom = Object.entries(sub.customHeaders ?? {}).map(([k, v]) => [k.toLowerCase(), v])
    const headers: Record<string, string> = {
      ...Object.fromEntries(custom),
      'content-type': 'application/json',
      'user-agent': deps.userAgent,
      'webhook-id': row.webhookId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': sign(body),
    }
    if (sub.endpointAuth?.type === 'BASIC') {
      const user = `${sub.endpointAuth.username ?? ''}:${sub.endpointAuth.password ?? ''}`
      headers.authorization = `Basic ${Buffer.from(user).toString('base64')}`
    }
    return { headers, body }
  }
}

export type RequestPoster = (url: string, request: SignedRequest) => Promise<Outcome>

export function createRequestPoster(deps: {
  send: typeof fetch
  /** Real milliseconds an endpoint has to answer with a 2xx. */
  timeoutMs: number
}): RequestPoster {
  const { send, timeoutMs } = deps
  return async (url, { headers, body }) => {
    try {
      const response = await send(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
        // A redirect is a failed attempt (as Svix counts it), never followed to another URL.
        redirect: 'manual',
      })
      await response.body?.cancel().catch(() => undefined)
      const abort = response.headers.get('webhook-delivery')?.toLowerCase() === 'abort-message'
      const ok = response.status >= 200 && response.status < 300
      return {
        status: response.status,
        error: ok ? null : `endpoint answered ${response.status}`,
        abort,
      }
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError'
      return {
        status: null,
        error: timedOut ? `no answer within ${timeoutMs} ms` : describeError(error),
        abort: false,
      }
    }
  }
}

/** An error's message with its cause's code (ECONNREFUSED and the like) when it has one. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    return cause?.code ? `${error.message} (${cause.code})` : error.message
  }
  return String(error)
}
