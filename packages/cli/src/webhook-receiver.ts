// The webhook receiver behind `fake-pleo listen`: a Hono app that verifies Standard Webhooks /
// Svix signatures (webhook-id, webhook-timestamp, webhook-signature) on the raw body with the
// client's `checkWebhook`, answers 204 to verified deliveries and 401 {type, message} saying why
// to the rest (worded here, with the flag to raise), and reports each one. Timestamps are checked
// against `now` with the receiver's tolerance (a fake started with `--webhook-timestamps virtual`
// signs with its virtual clock). Both body shapes are described.
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import {
  checkWebhook,
  checkWebhookSecret,
  webhookHeader,
  webhookProblemText,
  type WebhookProblem,
} from '@fake-pleo/client'
import { errorBody, errorStatus, webhookPayload, type ErrorCode } from '@fake-pleo/contract'

type Verdict = 'verified' | 'duplicate' | 'rejected'

export type Delivery = {
  /** When it arrived (ms, from `now`). */
  at: number
  verdict: Verdict
  status: 204 | 401
  webhookId: string | null
  eventType: string | null
  /** `data.id` of the body: the export job's (or vendor's) id. */
  dataId: string | null
  /** Why it was rejected. */
  reason?: string
  /** Which secret matched, counting from 1 (several during a rotation). */
  secret?: number
}

export type ReceiverOptions = {
  secrets: readonly string[]
  /** How far (seconds) webhook-timestamp may be from `now`, either way. */
  tolerance: number
  /** The receiver's clock in ms (Date.now outside tests). */
  now: () => number
  onDelivery: (delivery: Delivery) => void
  /** Path deliveries are POSTed to (default '/'). */
  path?: string
  /** How many webhook-ids to remember for de-duplication (default 10000). */
  remember?: number
}

/** Pleo's webhook bodies are small; anything far larger is refused before it is read. */
const maxBodyBytes = 1024 * 1024

export function createReceiver(options: ReceiverOptions): Hono {
  if (options.secrets.length === 0) throw new Error('createReceiver needs at least one secret')
  for (const secret of options.secrets) checkWebhookSecret(secret)
  const path = options.path ?? '/'
  const seen = new Set<string>()
  const remember = options.remember ?? 10_000
  const app = new Hono()

  const fail = (code: ErrorCode, message?: string) =>
    new Response(JSON.stringify(errorBody(code, message)), {
      status: errorStatus(code),
      headers: { 'content-type': 'application/json; charset=UTF-8' },
    })

  app.post(
    path,
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => fail('PAYLOAD_TOO_LARGE', `A webhook body is at most ${maxBodyBytes} bytes.`),
    }),
  )
  app.post(path, async (c) => {
    const at = options.now()
    const raw = new Uint8Array(await c.req.arrayBuffer())
    const webhookId = webhookHeader(c.req.raw.headers, 'id') ?? null
    const { eventType, dataId } = describeBody(raw)
    const report = (delivery: Omit<Delivery, 'at' | 'webhookId' | 'eventType' | 'dataId'>) =>
      options.onDelivery({ at, webhookId, eventType, dataId, ...delivery })
    const checked = checkWebhook(raw, c.req.raw.headers, options.secrets, {
      now: () => at,
      toleranceSeconds: options.tolerance,
    })
    if (!checked.ok) {
      const reason = rejectionText(checked.problem)
      report({ verdict: 'rejected', status: 401, reason })
      return fail('UNAUTHORIZED', `Webhook not verified: ${reason}.`)
    }
    const duplicate = webhookId !== null && seen.has(webhookId)
    if (webhookId !== null && !duplicate) {
      seen.add(webhookId)
      if (seen.size > remember) seen.delete(seen.values().next().value as string)
    }
    report({ verdict: duplicate ? 'duplicate' : 'verified', status: 204, secret: checked.secret })
    return c.body(null, 204)
  })
  app.all(path, () => fail('METHOD_NOT_ALLOWED', 'Webhooks are delivered with POST.'))
  app.notFound((c) => fail('NOT_FOUND', `Nothing at ${c.req.path}; deliveries go to ${path}.`))
  return app
}

/** The receiver's wording of a problem: which header, and which flag to raise. */
export function rejectionText(problem: WebhookProblem): string {
  switch (problem.kind) {
    case 'missing-header':
      return `missing header webhook-${problem.field}`
    case 'invalid-timestamp':
      return `webhook-timestamp '${problem.value}' is not a Unix time in seconds`
    case 'timestamp-too-old':
      return `timestamp too old: signed ${problem.skewSeconds} s before this machine's clock (tolerance ${problem.tolerance} s; raise --tolerance if the fake signs on its virtual clock and it was moved)`
    case 'timestamp-too-new':
      return `timestamp too new: signed ${problem.skewSeconds} s after this machine's clock (tolerance ${problem.tolerance} s; raise --tolerance if the fake signs on its virtual clock and it was advanced)`
    case 'not-utf8':
      return 'the body is not UTF-8 text, so it cannot be what was signed'
    case 'no-v1-signature':
      return 'webhook-signature has no v1 signature'
    case 'no-matching-signature':
      return `no signature matches ${problem.secrets === 1 ? 'the secret' : `any of the ${problem.secrets} secrets`} (wrong secret, or the body was changed)`
    default:
      return webhookProblemText(problem)
  }
}

/** eventType and data.id of a Pleo webhook body (plain or wrapped), when it is one. */
function describeBody(raw: Uint8Array): { eventType: string | null; dataId: string | null } {
  try {
    const body = webhookPayload(JSON.parse(Buffer.from(raw).toString('utf8')))
    if (typeof body !== 'object' || body === null) return { eventType: null, dataId: null }
    const { eventType, data } = body as { eventType?: unknown; data?: unknown }
    const id = typeof data === 'object' && data !== null ? (data as { id?: unknown }).id : null
    return {
      eventType: typeof eventType === 'string' ? eventType : null,
      dataId: typeof id === 'string' ? id : null,
    }
  } catch {
    return { eventType: null, dataId: null }
  }
}
