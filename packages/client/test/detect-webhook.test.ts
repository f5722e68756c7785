// The webhook detector in-process (app.request): a signed export-job.created delivery is answered
// 204 and wakes the worker once, after the response; a forged signature is 401 with no wake; a
// replayed webhook-id is 204 with no second wake; other event types are 204 and ignored; a body in
// the doc example's wrapped shape is read from its payload; POST /trigger is 202 and a wake.
import { describe, expect, it } from 'vitest'
import { Webhook } from 'svix'
import { wrapWebhookBody } from '@fake-pleo/contract'
import { createWebhookDetector, type WebhookSeen } from '../src/claimer/detect-webhook.ts'

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const otherSecret = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD'
const now = Date.UTC(2025, 0, 1, 12)
const jobId = '11111111-2222-4333-8444-555555555555'

function delivery(
  id: string,
  eventType = 'v1.export-job.created',
  signWith = secret,
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ data: { id: jobId }, eventId: `evt_${id}`, eventType })
  const signature = new Webhook(signWith).sign(id, new Date(now), body)
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now / 1000)),
      'webhook-signature': signature,
    },
  }
}

function setup() {
  const wakes: string[] = []
  const seen: WebhookSeen[] = []
  const deferred: Array<() => void> = []
  const app = createWebhookDetector({
    secrets: [secret],
    now: () => now,
    onJob: (reason) => wakes.push(reason),
    onSeen: (s) => seen.push(s),
    defer: (fn) => deferred.push(fn),
  })
  const post = (path: string, d: { body: string; headers: Record<string, string> }) =>
    app.request(path, { method: 'POST', body: d.body, headers: d.headers })
  const flush = () => {
    for (const fn of deferred.splice(0)) fn()
  }
  return { app, wakes, seen, post, flush }
}

describe('createWebhookDetector', () => {
  it('answers a valid delivery 204 and wakes exactly once, after the response', async () => {
    const { wakes, seen, post, flush } = setup()
    const response = await post('/', delivery('msg_1'))
    expect(response.status).toBe(204)
    expect(wakes).toEqual([])
    flush()
    expect(wakes).toHaveLength(1)
    expect(wakes[0]).toContain(jobId)
    expect(seen[0]).toMatchObject({ verdict: 'wake', webhookId: 'msg_1', jobId })
  })

  it('wakes through setImmediate by default', async () => {
    const wakes: string[] = []
    const app = createWebhookDetector({
      secrets: secret,
      now: () => now,
      onJob: (reason) => wakes.push(reason),
    })
    const d = delivery('msg_2')
    const response = await app.request('/', { method: 'POST', body: d.body, headers: d.headers })
    expect(response.status).toBe(204)
    await new Promise((resolve) => setImmediate(resolve))
    expect(wakes).toHaveLength(1)
  })

  it('rejects a forged signature with 401 UNAUTHORIZED and no wake', async () => {
    const { wakes, post, flush } = setup()
    const response = await post('/', delivery('msg_3', 'v1.export-job.created', otherSecret))
    expect(response.status).toBe(401)
    const body = (await response.json()) as { type: string; message: string }
    expect(body.type).toBe('UNAUTHORIZED')
    expect(body.message).toMatch(/signature/)
    flush()
    expect(wakes).toEqual([])
  })

  it('rejects a tampered body and missing headers', async () => {
    const { wakes, post, flush } = setup()
    const d = delivery('msg_4')
    expect((await post('/', { ...d, body: d.body.replace(jobId, 'x') })).status).toBe(401)
    expect((await post('/', { body: d.body, headers: {} })).status).toBe(401)
    flush()
    expect(wakes).toEqual([])
  })

  it('answers a replayed webhook-id 204 without a second wake', async () => {
    const { wakes, seen, post, flush } = setup()
    const d = delivery('msg_5')
    expect((await post('/', d)).status).toBe(204)
    expect((await post('/', d)).status).toBe(204)
    flush()
    expect(wakes).toHaveLength(1)
    expect(seen.map((s) => s.verdict)).toEqual(['wake', 'duplicate'])
  })

  it('ignores other event types (204, no wake)', async () => {
    const { wakes, seen, post, flush } = setup()
    expect((await post('/', delivery('msg_6', 'v1.vendor.created'))).status).toBe(204)
    flush()
    expect(wakes).toEqual([])
    expect(seen[0]).toMatchObject({ verdict: 'ignored', eventType: 'v1.vendor.created' })
  })

  it('forgets the oldest webhook-ids past the bound', async () => {
    const wakes: string[] = []
    const app = createWebhookDetector({
      secrets: secret,
      now: () => now,
      remember: 2,
      onJob: (reason) => wakes.push(reason),
      defer: (fn) => fn(),
    })
    for (const id of ['a', 'b', 'c', 'a']) {
      const d = delivery(id)
      await app.request('/', { method: 'POST', body: d.body, headers: d.headers })
    }
    expect(wakes).toHaveLength(4)
  })

  it('answers POST /trigger 202 and wakes', async () => {
    const { app, wakes, flush } = setup()
    const response = await app.request('/trigger', { method: 'POST' })
    expect(response.status).toBe(202)
    flush()
    expect(wakes).toEqual(['ad hoc trigger'])
  })

  it('reads a body in the wrapped shape ({webhook-id, …, payload}) from its payload', async () => {
    const { wakes, seen, post, flush } = setup()
    const plain = delivery('msg_w')
    const stamp = Number(plain.headers['webhook-timestamp'])
    const body = wrapWebhookBody(
      'msg_w',
      stamp,
      plain.headers['webhook-signature'] ?? '',
      plain.body,
    )
    const signature = new Webhook(secret).sign('msg_w', new Date(now), body)
    const response = await post('/', {
      body,
      headers: { ...plain.headers, 'webhook-signature': signature },
    })
    expect(response.status).toBe(204)
    flush()
    expect(seen[0]).toMatchObject({ verdict: 'wake', eventType: 'v1.export-job.created', jobId })
    expect(wakes).toHaveLength(1)
  })
})
