// Generates test-vectors/standard-webhooks.json: Standard Webhooks (Svix-style) signature cases,
// each with a secret, the request's headers and body, the verifier's "now" and the expected
// outcome (valid, or the reason it is not). Every signature is made by svix's own signer
// (`Webhook.sign`; the raw-key format only for the cases that show a secret decoded wrongly), and
// each case breaks exactly one thing of a valid delivery. Run `pnpm vectors` to write the file,
// `pnpm vectors --check` to fail when the checked-in file differs from what this script makes.
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Webhook } from 'svix'
import { wrapWebhookBody } from '@fake-pleo/contract'

export const vectorsFile = fileURLToPath(
  new URL('../test-vectors/standard-webhooks.json', import.meta.url),
)

export const reasons = {
  'missing-header': 'webhook-id, webhook-timestamp or webhook-signature is absent or empty',
  'invalid-timestamp': 'webhook-timestamp is not a number of seconds',
  'timestamp-too-old': 'webhook-timestamp is more than toleranceSeconds before now',
  'timestamp-too-new': 'webhook-timestamp is more than toleranceSeconds after now',
  'no-matching-signature':
    'no v1 signature in webhook-signature matches the one computed with the secret',
} as const
export type Reason = keyof typeof reasons

export type Expected = { valid: true } | { valid: false; reason: Reason }

export type VectorCase = {
  name: string
  description: string
  secret: string
  headers: Record<string, string>
  body: string
  now: number
  expected: Expected
}

const valid: Expected = { valid: true }
const invalid = (reason: Reason): Expected => ({ valid: false, reason })

/** A `whsec_` secret of 32 bytes derived from `label`, so the file is the same on every run. */
const secretOf = (label: string) =>
  `whsec_${createHash('sha256').update(`fake-pleo test vector: ${label}`).digest('base64')}`

const secret = secretOf('subscription')
const oldSecret = secretOf('rotated out')
const strangerSecret = secretOf('someone else')
const id = 'msg_2mYbYtNQF6nsZzhvJ1o8kLpVxQe'
const timestamp = 1_735_732_800 // 2025-01-01T12:00:00Z
const body = JSON.stringify({
  data: {
    companyId: '12abc3d4-e567-890e-1234-abc56e78fabc',
    createdAt: '2025-01-01T12:00:00Z',
    createdBy: 'b8f2c0d4-3e1a-4c5b-9d7e-6f8a9b0c1d2e',
    expiresIn: 3600,
    id: '0f4e5d6c-7b8a-4921-8c3d-2e1f0a9b8c7d',
    numberOfItems: 3,
    status: 'pending',
  },
  eventId: '6a1b2c3d-4e5f-4061-8728-394a5b6c7d8e',
  eventType: 'v1.export-job.created',
})

const sign = (key: string, at: number, payload: string, messageId = id) =>
  new Webhook(key).sign(messageId, new Date(at * 1000), payload)

/** A signature made with the secret's text as the raw HMAC key (a wrong decoding of it). */
const signRawKey = (key: string, payload: string) =>
  new Webhook(key, { format: 'raw' }).sign(id, new Date(timestamp * 1000), payload)

const headers = (signature: string, at = timestamp, messageId = id) => ({
  'webhook-id': messageId,
  'webhook-timestamp': String(at),
  'webhook-signature': signature,
})

function without(name: string): Record<string, string> {
  const all: Record<string, string> = headers(sign(secret, timestamp, body))
  delete all[name]
  return all
}

type CaseSpec = Omit<VectorCase, 'secret' | 'headers' | 'body' | 'now'> &
  Partial<Pick<VectorCase, 'secret' | 'headers' | 'body' | 'now'>>

/** A case that differs from the valid delivery only where it says so. */
const vector = (c: CaseSpec): VectorCase => ({
  name: c.name,
  description: c.description,
  secret: c.secret ?? secret,
  headers: c.headers ?? headers(sign(secret, timestamp, body)),
  body: c.body ?? body,
  now: c.now ?? timestamp,
  expected: c.expected,
})

function validCases(): VectorCase[] {
  const svixBody = '{"test": 2432232314}'
  const unicode = JSON.stringify({ data: { name: 'Café Nørrebro ✓ 東京' }, eventType: 'test' })
  const wrappedAt = wrapWebhookBody(id, timestamp, sign(secret, timestamp, body), body)
  return [
    vector({
      name: 'valid',
      description: 'a delivery as sent, checked when it arrives',
      expected: valid,
    }),
    vector({
      name: 'svix-example',
      description:
        "the example triple of Svix's documentation (and Pleo's): msg_p5jXN8AQM9LWM0D4loKWxJek at 1614265330",
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      headers: {
        'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
        'webhook-timestamp': '1614265330',
        'webhook-signature': sign(
          'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
          1614265330,
          svixBody,
          'msg_p5jXN8AQM9LWM0D4loKWxJek',
        ),
      },
      body: svixBody,
      now: 1614265330,
      expected: valid,
    }),
    vector({
      name: 'secret-without-prefix',
      description: 'the same secret given without its whsec_ prefix (the base64 key alone)',
      secret: secret.slice('whsec_'.length),
      expected: valid,
    }),
    vector({
      name: 'non-ascii-body',
      description: 'a body with non-ASCII characters: the signature covers its UTF-8 bytes',
      headers: headers(sign(secret, timestamp, unicode)),
      body: unicode,
      expected: valid,
    }),
    vector({
      name: 'wrapped-body',
      description:
        'a body in the wrapped shape {"webhook-id", "webhook-timestamp", "webhook-signature", "payload"}: the header signs the whole raw body',
      headers: headers(sign(secret, timestamp, wrappedAt)),
      body: wrappedAt,
      expected: valid,
    }),
    vector({
      name: 'header-names-in-other-case',
      description: 'header names are case-insensitive (Webhook-Id, WEBHOOK-TIMESTAMP, …)',
      headers: {
        'Webhook-Id': id,
        'WEBHOOK-TIMESTAMP': String(timestamp),
        'Webhook-Signature': sign(secret, timestamp, body),
      },
      expected: valid,
    }),
    vector({
      name: 'timestamp-at-tolerance-old',
      description: 'checked exactly toleranceSeconds (300) after the timestamp: still accepted',
      now: timestamp + 300,
      expected: valid,
    }),
    vector({
      name: 'timestamp-at-tolerance-new',
      description: 'checked exactly toleranceSeconds (300) before the timestamp: still accepted',
      now: timestamp - 300,
      expected: valid,
    }),
  ]
}

function rotationCases(): VectorCase[] {
  const both = `${sign(oldSecret, timestamp, body)} ${sign(secret, timestamp, body)}`
  const three = [
    sign(strangerSecret, timestamp, body),
    'v1,aW52YWxpZCBzaWduYXR1cmUgb2YgdGhlIHJpZ2h0IGxlbmd0aCE=',
    sign(secret, timestamp, body),
  ].join(' ')
  return [
    vector({
      name: 'rotation-new-secret',
      description:
        'two signatures during a secret rotation (old, new), checked with the new secret',
      headers: headers(both),
      expected: valid,
    }),
    vector({
      name: 'rotation-old-secret',
      description:
        'two signatures during a secret rotation (old, new), checked with the old secret',
      secret: oldSecret,
      headers: headers(both),
      expected: valid,
    }),
    vector({
      name: 'valid-signature-last-of-three',
      description: 'three signatures, only the last one made with this secret',
      headers: headers(three),
      expected: valid,
    }),
    vector({
      name: 'other-versions-ignored',
      description: 'a signature of an unknown version (v2) next to a valid v1 one',
      headers: headers(
        `v2,${sign(strangerSecret, timestamp, body).slice(3)} ${sign(secret, timestamp, body)}`,
      ),
      expected: valid,
    }),
    vector({
      name: 'only-another-version',
      description: 'the right signature, labelled v2 instead of v1: only v1 signatures count',
      headers: headers(`v2,${sign(secret, timestamp, body).slice(3)}`),
      expected: invalid('no-matching-signature'),
    }),
    vector({
      name: 'rotation-secret-not-among-them',
      description: 'two signatures, neither made with the secret it is checked with',
      secret: strangerSecret,
      headers: headers(both),
      expected: invalid('no-matching-signature'),
    }),
  ]
}

function signatureCases(): VectorCase[] {
  const tampered = body.replace('"numberOfItems":3', '"numberOfItems":4')
  return [
    vector({
      name: 'wrong-secret',
      description: 'signed with another secret',
      headers: headers(sign(strangerSecret, timestamp, body)),
      expected: invalid('no-matching-signature'),
    }),
    vector({
      name: 'tampered-body',
      description: 'one byte of the body changed after signing',
      body: tampered,
      expected: invalid('no-matching-signature'),
    }),
    vector({
      name: 'tampered-id',
      description: 'webhook-id changed after signing',
      headers: headers(sign(secret, timestamp, body), timestamp, `${id.slice(0, -1)}f`),
      expected: invalid('no-matching-signature'),
    }),
    vector({
      name: 'tampered-timestamp',
      description: 'webhook-timestamp moved one second after signing (still within tolerance)',
      headers: headers(sign(secret, timestamp, body), timestamp + 1),
      expected: invalid('no-matching-signature'),
    }),
    vector({
      name: 'signature-without-version',
      description: 'the signature without its "v1," prefix',
      headers: headers(sign(secret, timestamp, body).slice(3)),
      expected: invalid('no-matching-signature'),
    }),
    vector({
      name: 'signature-empty-after-version',
      description: 'webhook-signature is "v1," with nothing after it',
      headers: headers('v1,'),
      expected: invalid('no-matching-signature'),
    }),
    vector({
      name: 'key-with-prefix-not-stripped',
      description: 'signed with the whole secret text, whsec_ included, as the HMAC key',
      headers: headers(signRawKey(secret, body)),
      expected: invalid('no-matching-signature'),
    }),
    vector({
      name: 'key-not-base64-decoded',
      description:
        'signed with the base64 text after whsec_ as the HMAC key, not the bytes it encodes',
      headers: headers(signRawKey(secret.slice('whsec_'.length), body)),
      expected: invalid('no-matching-signature'),
    }),
  ]
}

function headerCases(): VectorCase[] {
  return [
    vector({
      name: 'timestamp-too-old',
      description: 'checked 301 s after the timestamp (tolerance 300 s)',
      now: timestamp + 301,
      expected: invalid('timestamp-too-old'),
    }),
    vector({
      name: 'timestamp-too-new',
      description: 'checked 301 s before the timestamp (tolerance 300 s)',
      now: timestamp - 301,
      expected: invalid('timestamp-too-new'),
    }),
    vector({
      name: 'stale-replay',
      description: 'a correctly signed delivery replayed a day later',
      now: timestamp + 86_400,
      expected: invalid('timestamp-too-old'),
    }),
    ...['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) =>
      vector({
        name: `missing-${name}`,
        description: `no ${name} header`,
        headers: without(name),
        expected: invalid('missing-header'),
      }),
    ),
    vector({
      name: 'empty-webhook-signature',
      description: 'webhook-signature is present but empty',
      headers: headers(''),
      expected: invalid('missing-header'),
    }),
    vector({
      name: 'non-numeric-timestamp',
      description: 'webhook-timestamp is not a number',
      headers: { ...headers(sign(secret, timestamp, body)), 'webhook-timestamp': 'yesterday' },
      expected: invalid('invalid-timestamp'),
    }),
  ]
}

export function buildVectors() {
  return {
    $comment:
      'Standard Webhooks / Svix signature test vectors from fake-pleo. Every signature was made by the svix library. See docs/webhook-test-vectors.md.',
    version: 1,
    scheme:
      "webhook-signature = space-separated \"v1,<base64 HMAC-SHA256(key, webhook-id + '.' + webhook-timestamp + '.' + body)>\"; key = base64-decode(secret without its whsec_ prefix)",
    toleranceSeconds: 300,
    reasons,
    cases: [...validCases(), ...rotationCases(), ...signatureCases(), ...headerCases()],
  }
}

export const renderVectors = () => `${JSON.stringify(buildVectors(), null, 2)}\n`

function main(argv: string[]) {
  const text = renderVectors()
  if (argv.includes('--check')) {
    if (readFileSync(vectorsFile, 'utf8') === text) return 0
    process.stderr.write(`${vectorsFile} is out of date: run pnpm vectors\n`)
    return 1
  }
  writeFileSync(vectorsFile, text)
  process.stdout.write(`wrote ${buildVectors().cases.length} cases to ${vectorsFile}\n`)
  return 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2))
}
