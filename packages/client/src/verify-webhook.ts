// verifyWebhook: checks a Svix-signed webhook (Pleo delivers through Svix) against one or more
// `whsec_` secrets (several during a rotation). The signature is computed by svix's own
// `Webhook.sign` and compared in constant time; the timestamp is checked here against the injected
// `now` (svix's `verify` would use the real clock), 5 minutes either way by default. Both the
// `svix-*` and the unbranded `webhook-*` header names are accepted.
import { timingSafeEqual } from 'node:crypto'
import { Webhook } from 'svix'

export type VerifyWebhookOptions = {
  /** Epoch milliseconds (default Date.now). */
  now?: () => number
  /** How far the timestamp may be from `now`, in seconds (default 300). */
  toleranceSeconds?: number
}

export type VerifyWebhookResult = { ok: true; payload: unknown } | { ok: false; reason: string }

function header(headers: Headers | Record<string, string>, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value
  return undefined
}

function either(headers: Headers | Record<string, string>, field: string): string | undefined {
  return header(headers, `svix-${field}`) ?? header(headers, `webhook-${field}`)
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

export function verifyWebhook(
  rawBody: string,
  headers: Headers | Record<string, string>,
  secret: string | readonly string[],
  { now = Date.now, toleranceSeconds = 300 }: VerifyWebhookOptions = {},
): VerifyWebhookResult {
  const id = either(headers, 'id')
  const timestamp = either(headers, 'timestamp')
  const signature = either(headers, 'signature')
  if (!id) return { ok: false, reason: 'missing svix-id header' }
  if (!timestamp) return { ok: false, reason: 'missing svix-timestamp header' }
  if (!signature) return { ok: false, reason: 'missing svix-signature header' }
  if (!/^\d{1,12}$/.test(timestamp.trim())) {
    return { ok: false, reason: 'svix-timestamp is not a whole number of seconds' }
  }
  const seconds = Number(timestamp.trim())
  const skew = Math.floor(now() / 1000) - seconds
  if (skew > toleranceSeconds) return { ok: false, reason: `timestamp is too old (${skew} s)` }
  if (-skew > toleranceSeconds)
    return { ok: false, reason: `timestamp is in the future (${-skew} s)` }

  const offered = signature
    .split(' ')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1,'))
  if (offered.length === 0) return { ok: false, reason: 'svix-signature has no v1 signature' }

  const secrets = typeof secret === 'string' ? [secret] : secret
  if (secrets.length === 0) return { ok: false, reason: 'no secret to verify with' }
  let matched = false
  for (const one of secrets) {
    let expected: string
    try {
      expected = new Webhook(one).sign(id, new Date(seconds * 1000), rawBody)
    } catch (error) {
      return {
        ok: false,
        reason: `invalid secret: ${error instanceof Error ? error.message : String(error)}`,
      }
    }
    // Every pair is compared (no early exit), so timing does not tell which secret matched.
    for (const candidate of offered) if (sameText(candidate, expected)) matched = true
  }
  if (!matched) return { ok: false, reason: 'no signature matches' }
  try {
    return { ok: true, payload: JSON.parse(rawBody) as unknown }
  } catch {
    return { ok: false, reason: 'the body is signed but is not JSON' }
  }
}
