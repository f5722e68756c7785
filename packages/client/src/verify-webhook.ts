// Webhook verification, the one implementation every part of fake-pleo uses (the claimer's
// detector, the race engine's webhook workers through it, and `fake-pleo listen`). Pleo delivers
// through Svix: `checkWebhook` reads the `webhook-*` (Standard Webhooks) or `svix-*` headers,
// checks the timestamp against the injected `now` (svix's `verify` would use the real clock), 5
// minutes either way by default, then re-signs the raw body with svix's own `Webhook.sign` under
// each `whsec_` secret (several during a rotation) and compares in constant time. It answers what
// went wrong as data (`WebhookProblem`), so each caller words it for its readers; `verifyWebhook`
// is the short form that words it tersely and parses the JSON body.
import { timingSafeEqual } from 'node:crypto'
import { Webhook } from 'svix'

export type VerifyWebhookOptions = {
  /** Epoch milliseconds (default Date.now). */
  now?: () => number
  /** How far the timestamp may be from `now`, in seconds (default 300). */
  toleranceSeconds?: number
}

export type WebhookHeaders = Headers | Record<string, string>

/** Why a delivery did not verify, as data. */
export type WebhookProblem =
  | { kind: 'missing-header'; field: 'id' | 'timestamp' | 'signature' }
  | { kind: 'invalid-timestamp'; value: string }
  | { kind: 'timestamp-too-old' | 'timestamp-too-new'; skewSeconds: number; tolerance: number }
  | { kind: 'not-utf8' }
  | { kind: 'no-v1-signature' }
  | { kind: 'no-secret' }
  | { kind: 'invalid-secret'; message: string }
  | { kind: 'no-matching-signature'; secrets: number }

export type WebhookCheck =
  | {
      ok: true
      /** The delivery's webhook-id. */
      id: string
      /** The body as the text that was signed. */
      body: string
      /** Which secret signed it, counting from 1. */
      secret: number
    }
  | { ok: false; problem: WebhookProblem }

export type VerifyWebhookResult = { ok: true; payload: unknown } | { ok: false; reason: string }

/** A header by either of its names (webhook-* first, as the fake and Standard Webhooks send). */
export function webhookHeader(headers: WebhookHeaders, field: string): string | undefined {
  return header(headers, `webhook-${field}`) ?? header(headers, `svix-${field}`)
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value
  return undefined
}

/** Checks a secret the way svix will read it; throws with a message naming what is wrong. */
export function checkWebhookSecret(secret: string): void {
  if (!/^(whsec_)?[A-Za-z0-9+/]+={0,2}$/.test(secret)) {
    throw new Error('a webhook secret is whsec_ followed by base64')
  }
  try {
    new Webhook(secret)
  } catch (error) {
    throw new Error(`a webhook secret is whsec_ followed by base64 (${(error as Error).message})`)
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

function text(raw: string | Uint8Array): string | undefined {
  if (typeof raw === 'string') return raw
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw)
  } catch {
    return undefined
  }
}

/** Checks the timestamp; answers its seconds or the problem. */
function checkTimestamp(stamp: string, now: number, tolerance: number): number | WebhookProblem {
  if (!/^\d{1,12}$/.test(stamp.trim())) return { kind: 'invalid-timestamp', value: stamp }
  const seconds = Number(stamp.trim())
  const skewSeconds = Math.floor(now / 1000) - seconds
  if (skewSeconds > tolerance) return { kind: 'timestamp-too-old', skewSeconds, tolerance }
  if (-skewSeconds > tolerance) {
    return { kind: 'timestamp-too-new', skewSeconds: -skewSeconds, tolerance }
  }
  return seconds
}

/** Which secret (from 1) signed the body with one of the offered signatures, or the problem. */
function matchSecret(
  secrets: readonly string[],
  offered: readonly string[],
  signed: { id: string; at: Date; body: string },
): number | WebhookProblem {
  let matched = 0
  for (const [index, one] of secrets.entries()) {
    let expected: string
    try {
      expected = new Webhook(one).sign(signed.id, signed.at, signed.body)
    } catch (error) {
      return { kind: 'invalid-secret', message: (error as Error).message }
    }
    // Every pair is compared (no early exit), so timing does not tell which secret matched.
    for (const candidate of offered) {
      if (sameText(candidate, expected) && matched === 0) matched = index + 1
    }
  }
  return matched > 0 ? matched : { kind: 'no-matching-signature', secrets: secrets.length }
}

/** Verifies one delivery over its raw body: which secret signed it, or what is wrong. */
export function checkWebhook(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string | readonly string[],
  { now = Date.now, toleranceSeconds = 300 }: VerifyWebhookOptions = {},
): WebhookCheck {
  const fail = (problem: WebhookProblem): WebhookCheck => ({ ok: false, problem })
  const id = webhookHeader(headers, 'id')
  const stamp = webhookHeader(headers, 'timestamp')
  const signature = webhookHeader(headers, 'signature')
  if (!id) return fail({ kind: 'missing-header', field: 'id' })
  if (!stamp) return fail({ kind: 'missing-header', field: 'timestamp' })
  if (!signature) return fail({ kind: 'missing-header', field: 'signature' })
  const seconds = checkTimestamp(stamp, now(), toleranceSeconds)
  if (typeof seconds !== 'number') return fail(seconds)
  const body = text(rawBody)
  if (body === undefined) return fail({ kind: 'not-utf8' })
  const offered = signature
    .split(' ')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1,'))
  if (offered.length === 0) return fail({ kind: 'no-v1-signature' })
  const secrets = typeof secret === 'string' ? [secret] : secret
  if (secrets.length === 0) return fail({ kind: 'no-secret' })
  const matched = matchSecret(secrets, offered, { id, at: new Date(seconds * 1000), body })
  return typeof matched === 'number' ? { ok: true, id, body, secret: matched } : fail(matched)
}

/** The short wording of a problem (verifyWebhook's reasons). */
export function webhookProblemText(problem: WebhookProblem): string {
  switch (problem.kind) {
    case 'missing-header':
      return `missing svix-${problem.field} header`
    case 'invalid-timestamp':
      return 'svix-timestamp is not a whole number of seconds'
    case 'timestamp-too-old':
      return `timestamp is too old (${problem.skewSeconds} s)`
    case 'timestamp-too-new':
      return `timestamp is in the future (${problem.skewSeconds} s)`
    case 'not-utf8':
      return 'the body is not UTF-8 text'
    case 'no-v1-signature':
      return 'svix-signature has no v1 signature'
    case 'no-secret':
      return 'no secret to verify with'
    case 'invalid-secret':
      return `invalid secret: ${problem.message}`
    case 'no-matching-signature':
      return 'no signature matches'
  }
}

/** Verifies a delivery and parses its JSON body: `{ok, payload}` or `{ok: false, reason}`. */
export function verifyWebhook(
  rawBody: string,
  headers: WebhookHeaders,
  secret: string | readonly string[],
  options: VerifyWebhookOptions = {},
): VerifyWebhookResult {
  const checked = checkWebhook(rawBody, headers, secret, options)
  if (!checked.ok) return { ok: false, reason: webhookProblemText(checked.problem) }
  try {
    return { ok: true, payload: JSON.parse(checked.body) as unknown }
  } catch {
    return { ok: false, reason: 'the body is signed but is not JSON' }
  }
}
