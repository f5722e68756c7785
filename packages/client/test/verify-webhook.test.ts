// verifyWebhook on Svix's published test vector with `now` injected as its timestamp, then one
// thing broken per test (a missing header, a timestamp 6 minutes off, the wrong secret, one byte
// of the body), and two secrets during a rotation.
import { describe, expect, it } from 'vitest'
import { verifyWebhook } from '../src/index.ts'

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const timestamp = 1614265330
const body = '{"test": 2432232314}'
const headers = {
  'svix-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  'svix-timestamp': String(timestamp),
  'svix-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
}
const now = () => timestamp * 1000
const otherSecret = 'whsec_dGhpcyBpcyBub3QgdGhlIHJpZ2h0IHNlY3JldA=='

describe('verifyWebhook', () => {
  it('accepts the Svix test vector', () => {
    expect(verifyWebhook(body, headers, secret, { now })).toEqual({
      ok: true,
      payload: { test: 2432232314 },
    })
  })

  it('accepts a Headers object and the unbranded webhook-* names', () => {
    const unbranded = new Headers({
      'webhook-id': headers['svix-id'],
      'webhook-timestamp': headers['svix-timestamp'],
      'webhook-signature': headers['svix-signature'],
    })
    expect(verifyWebhook(body, unbranded, secret, { now }).ok).toBe(true)
  })

  it('refuses a missing signature header', () => {
    const rest: Record<string, string> = { ...headers }
    delete rest['svix-signature']
    const result = verifyWebhook(body, rest, secret, { now })
    expect(result).toEqual({ ok: false, reason: 'missing svix-signature header' })
  })

  it('refuses a timestamp six minutes off', () => {
    const late = verifyWebhook(body, headers, secret, { now: () => (timestamp + 360) * 1000 })
    expect(late.ok ? '' : late.reason).toContain('too old')
    const early = verifyWebhook(body, headers, secret, { now: () => (timestamp - 360) * 1000 })
    expect(early.ok ? '' : early.reason).toContain('future')
  })

  it('refuses the wrong secret', () => {
    const result = verifyWebhook(body, headers, otherSecret, { now })
    expect(result).toEqual({ ok: false, reason: 'no signature matches' })
  })

  it('refuses a body with one byte changed', () => {
    const result = verifyWebhook('{"test": 2432232315}', headers, secret, { now })
    expect(result).toEqual({ ok: false, reason: 'no signature matches' })
  })

  it('accepts either of two secrets during a rotation', () => {
    expect(verifyWebhook(body, headers, [otherSecret, secret], { now }).ok).toBe(true)
    expect(verifyWebhook(body, headers, [secret, otherSecret], { now }).ok).toBe(true)
  })

  it('accepts a signature header carrying several signatures', () => {
    const several = { ...headers, 'svix-signature': `v1,AAAA ${headers['svix-signature']}` }
    expect(verifyWebhook(body, several, secret, { now }).ok).toBe(true)
  })
})
