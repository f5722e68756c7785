// The signer against Svix's published test vector (secret, message id, timestamp and body from
// Svix's own libraries' tests → a known `v1,` signature), against an independent HMAC-SHA256
// computed with node:crypto, and with two secrets (a rotation's grace period): two space-separated
// `v1,` signatures in the order given, each of which verifies on its own with svix's and
// standardwebhooks' `Webhook.verify` when the other secret is unknown to the verifier.
import { createHmac, randomBytes } from 'node:crypto'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import { Webhook as SvixWebhook } from 'svix'
import { describe, expect, it } from 'vitest'
import { signatureHeader } from './signer.ts'

const vector = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
}

/** HMAC-SHA256 over `id.timestamp.body` keyed with the base64 part of a `whsec_` secret. */
function independentSignature(secret: string, id: string, timestamp: number, body: string) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')
  return `v1,${mac}`
}

const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`

describe('signatureHeader', () => {
  it("reproduces Svix's test vector", () => {
    const header = signatureHeader([vector.secret], vector.id, vector.timestamp, vector.body)
    expect(header).toBe(vector.signature)
    expect(independentSignature(vector.secret, vector.id, vector.timestamp, vector.body)).toBe(
      vector.signature,
    )
  })

  it('signs the exact body bytes: one byte more is another signature', () => {
    const other = signatureHeader([vector.secret], vector.id, vector.timestamp, `${vector.body} `)
    expect(other).not.toBe(vector.signature)
    expect(other).toBe(
      independentSignature(vector.secret, vector.id, vector.timestamp, `${vector.body} `),
    )
  })

  it('with two secrets writes two space-separated signatures, each verifiable alone', () => {
    const [current, previous] = [newSecret(), newSecret()]
    const id = 'msg_2tF4rYq7Q9bWJ1nKzX8cVd3LmPa'
    const timestamp = Math.floor(Date.now() / 1000)
    const body = JSON.stringify({ data: { id: 'x' }, eventId: 'e', eventType: 'v1.vendor.created' })

    const header = signatureHeader([current, previous], id, timestamp, body)
    const parts = header.split(' ')
    expect(parts).toEqual([
      independentSignature(current, id, timestamp, body),
      independentSignature(previous, id, timestamp, body),
    ])

    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': header,
    }
    for (const secret of [current, previous]) {
      expect(new SvixWebhook(secret).verify(body, headers)).toEqual(JSON.parse(body))
      expect(new StandardWebhook(secret).verify(body, headers)).toEqual(JSON.parse(body))
    }
    // Each signature alone is enough for the secret it belongs to, and only for that one.
    for (const [i, secret] of [current, previous].entries()) {
      const alone = { ...headers, 'webhook-signature': parts[i] ?? '' }
      expect(() => new SvixWebhook(secret).verify(body, alone)).not.toThrow()
      const wrong = { ...headers, 'webhook-signature': parts[1 - i] ?? '' }
      expect(() => new SvixWebhook(secret).verify(body, wrong)).toThrow()
    }
    // A third secret matches neither.
    expect(() => new SvixWebhook(newSecret()).verify(body, headers)).toThrow()
  })

  it('with no secrets writes no signature', () => {
    expect(signatureHeader([], vector.id, vector.timestamp, vector.body)).toBe('')
  })
})
