// The published Standard Webhooks test vectors (test-vectors/standard-webhooks.json): the file is
// what scripts/webhook-test-vectors.ts makes (nobody edited it by hand, nothing is stale), it holds
// Svix's well-known example exactly, covers every reason with valid and invalid cases, and every
// case gets its expected outcome from three verifiers: svix's Webhook.verify and
// standardwebhooks' Webhook.verify (each on a clock set to the case's `now`, default tolerance)
// and the client's verifyWebhook (with `now` injected). A verifier's error is mapped to the
// file's reason codes, so a case passes only when all three refuse it for the expected reason.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import { Webhook as SvixWebhook } from 'svix'
import { verifyWebhook } from '@fake-pleo/client'
import {
  reasons,
  renderVectors,
  vectorsFile,
  type Expected,
  type Reason,
  type VectorCase,
} from '../scripts/webhook-test-vectors.ts'

type Vectors = { toleranceSeconds: number; reasons: Record<string, string>; cases: VectorCase[] }
const text = readFileSync(vectorsFile, 'utf8')
const vectors = JSON.parse(text) as Vectors

afterEach(() => {
  vi.useRealTimers()
})

/** The reason code of a library's WebhookVerificationError message. */
function libraryReason(message: string): Reason | string {
  const known: Record<string, Reason> = {
    'Missing required headers': 'missing-header',
    'Invalid Signature Headers': 'invalid-timestamp',
    'Message timestamp too old': 'timestamp-too-old',
    'Message timestamp too new': 'timestamp-too-new',
    'No matching signature found': 'no-matching-signature',
  }
  return known[message] ?? `unmapped: ${message}`
}

/** The reason code of a verifyWebhook reason. */
function clientReason(reason: string): Reason | string {
  if (reason.startsWith('missing ')) return 'missing-header'
  if (reason.includes('not a whole number')) return 'invalid-timestamp'
  if (reason.startsWith('timestamp is too old')) return 'timestamp-too-old'
  if (reason.startsWith('timestamp is in the future')) return 'timestamp-too-new'
  if (reason === 'no signature matches' || reason.includes('has no v1 signature'))
    return 'no-matching-signature'
  return `unmapped: ${reason}`
}

function withLibrary(
  c: VectorCase,
  verify: () => unknown,
): { outcome: Expected; payload?: unknown } {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(c.now * 1000)
  try {
    return { outcome: { valid: true }, payload: verify() }
  } catch (error) {
    const reason = libraryReason((error as Error).message)
    return { outcome: { valid: false, reason: reason as Reason } }
  } finally {
    vi.useRealTimers()
  }
}

const verifiers = {
  svix: (c: VectorCase) =>
    withLibrary(c, () => new SvixWebhook(c.secret).verify(c.body, c.headers)),
  standardwebhooks: (c: VectorCase) =>
    withLibrary(c, () => new StandardWebhook(c.secret).verify(c.body, c.headers)),
  verifyWebhook: (c: VectorCase) => {
    const result = verifyWebhook(c.body, c.headers, c.secret, { now: () => c.now * 1000 })
    if (result.ok) return { outcome: { valid: true } as Expected, payload: result.payload }
    return { outcome: { valid: false, reason: clientReason(result.reason) as Reason } }
  },
}

describe('test-vectors/standard-webhooks.json', () => {
  it('is exactly what scripts/webhook-test-vectors.ts generates (run pnpm vectors)', () => {
    expect(text).toBe(renderVectors())
  })

  it("holds Svix's example triple, unchanged", () => {
    const example = vectors.cases.find((c) => c.name === 'svix-example')
    expect(example).toEqual({
      name: 'svix-example',
      description: expect.any(String),
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      headers: {
        'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
        'webhook-timestamp': '1614265330',
        'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
      },
      body: '{"test": 2432232314}',
      now: 1614265330,
      expected: { valid: true },
    })
  })

  it('has unique names, uses only its declared reasons and covers each of them', () => {
    expect(vectors.toleranceSeconds).toBe(300)
    expect(vectors.reasons).toEqual(reasons)
    const names = vectors.cases.map((c) => c.name)
    expect(new Set(names).size).toBe(names.length)
    const used = new Set(vectors.cases.map((c) => (c.expected.valid ? 'valid' : c.expected.reason)))
    expect([...used].sort()).toEqual(['valid', ...Object.keys(reasons)].sort())
    for (const name of [
      'wrong-secret',
      'tampered-body',
      'timestamp-too-old',
      'timestamp-too-new',
      'rotation-new-secret',
      'valid-signature-last-of-three',
      'missing-webhook-id',
      'non-numeric-timestamp',
      'signature-without-version',
      'empty-webhook-signature',
      'secret-without-prefix',
      'key-with-prefix-not-stripped',
    ]) {
      expect(names).toContain(name)
    }
  })

  describe.each(Object.entries(verifiers))('%s', (_name, verify) => {
    it.each(vectors.cases.map((c) => [c.name, c] as const))('%s', (_case, c) => {
      const { outcome, payload } = verify(c)
      expect(outcome).toEqual(c.expected)
      if (outcome.valid) expect(payload).toEqual(JSON.parse(c.body))
    })
  })
})
