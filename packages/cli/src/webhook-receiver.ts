// The webhook receiver behind `fake-pleo listen`: a Hono app that verifies Standard Webhooks /
// Svix signatures (webhook-id, webhook-timestamp, webhook-signature) on the raw body, answers 204
// to verified deliveries and 401 {type, message} saying why to the rest, and reports each one.
// Timestamps are checked against `now` with our own tolerance (a fake started with
// `--webhook-timestamps virtual` signs with its virtual clock); signatures are checked by
// re-signing with svix's `sign()` and comparing in constant time. Both body shapes are described.
import { timingSafeEqual } from 'node:crypto'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { Webhook } from 'svix'
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

/** Checks a secret the way svix will read it; throws with a message naming what is wrong. */
export function checkSecret(secret: string): Webhook {
  if (!/^(whsec_)?[A-Za-z0-9+/]+={0,2}$/.test(secret)) {
    throw new Error('a webhook secret is whsec_ followed by base64')
  }
  try {
    return new Webhook(secret)
  } catch (error) {
    throw new Error(`a webhook secret is whsec_ followed by base64 (${(error as Error).message})`)
  }
}

class Rejection extends Error {}

/** Pleo's webhook bodies are small; anything far larger is refused before it is read. */
const maxBodyBytes = 1024 * 1024

export function createReceiver(options: ReceiverOptions): Hono {
  if (options.secrets.length === 0) throw new Error('createReceiver needs at least one secret')
  const signers = options.secrets.map(checkSecret)
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
    const header = (name: string) => c.req.header(`webhook-${name}`) ?? c.req.header(`svix-${name}`)
    const webhookId = header('id') ?? null
    const { eventType, dataId } = describeBody(raw)
    const report = (delivery: Omit<Delivery, 'at' | 'webhookId' | 'eventType' | 'dataId'>) =>
      options.onDelivery({ at, webhookId, eventType, dataId, ...delivery })
    try {
      const secret = verify(signers, raw, header, at, options.tolerance)
      const duplicate = webhookId !== null && seen.has(webhookId)
      if (webhookId !== null && !duplicate) {
        seen.add(webhookId)
        if (seen.size > remember) seen.delete(seen.values().next().value as string)
      }
      report({ verdict: duplicate ? 'duplicate' : 'verified', status: 204, secret })
      return c.body(null, 204)
    } catch (error) {
      if (!(error instanceof Rejection)) throw error
      report({ verdict: 'rejected', status: 401, reason: error.message })
      return fail('UNAUTHORIZED', `Webhook not verified: ${error.message}.`)
    }
  })
  app.all(path, () => fail('METHOD_NOT_ALLOWED', 'Webhooks are delivered with POST.'))
  app.notFound((c) => fail('NOT_FOUND', `Nothing at ${c.req.path}; deliveries go to ${path}.`))
  return app
}

/** Verifies one delivery; returns which secret (from 1) signed it or throws a Rejection. */
function verify(
  signers: readonly Webhook[],
  raw: Uint8Array,
  header: (name: string) => string | undefined,
  now: number,
  tolerance: number,
): number {
  const id = header('id')
  const stamp = header('timestamp')
  const signature = header('signature')
  if (!id) throw new Rejection('missing header webhook-id')
  if (!stamp) throw new Rejection('missing header webhook-timestamp')
  if (!signature) throw new Rejection('missing header webhook-signature')
  if (!/^\d{1,12}$/.test(stamp)) {
    throw new Rejection(`webhook-timestamp '${stamp}' is not a Unix time in seconds`)
  }
  const seconds = Number(stamp)
  const skew = Math.round(now / 1000 - seconds)
  if (skew > tolerance) {
    throw new Rejection(
      `timestamp too old: signed ${skew} s before this machine's clock (tolerance ${tolerance} s; raise --tolerance if the fake signs on its virtual clock and it was moved)`,
    )
  }
  if (-skew > tolerance) {
    throw new Rejection(
      `timestamp too new: signed ${-skew} s after this machine's clock (tolerance ${tolerance} s; raise --tolerance if the fake signs on its virtual clock and it was advanced)`,
    )
  }
  let body: string
  try {
    body = new TextDecoder('utf-8', { fatal: true }).decode(raw)
  } catch {
    throw new Rejection('the body is not UTF-8 text, so it cannot be what was signed')
  }
  const offered = signature
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s.slice(3)))
  if (offered.length === 0) throw new Rejection('webhook-signature has no v1 signature')
  const at = new Date(seconds * 1000)
  for (const [index, signer] of signers.entries()) {
    const expected = Buffer.from(signer.sign(id, at, body).slice(3))
    if (offered.some((s) => s.length === expected.length && timingSafeEqual(s, expected))) {
      return index + 1
    }
  }
  throw new Rejection(
    `no signature matches ${signers.length === 1 ? 'the secret' : `any of the ${signers.length} secrets`} (wrong secret, or the body was changed)`,
  )
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
