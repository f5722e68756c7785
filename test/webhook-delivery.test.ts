// Webhook delivery over real HTTP to a local receiver on 127.0.0.1, one fresh in-process fake (manual
// clock) per test: every delivery verifies with both svix's and standardwebhooks' Webhook.verify;
// the body is exactly {data, eventId, eventType} with the seven-field export-job snapshot; custom
// headers and Basic auth arrive; the event-type aliases subscribe to the same event; INACTIVE,
// deleted and other companies' subscriptions get nothing; POST /_sim/vendors sends
// v1.vendor.created and the public POST /v3/export-jobs sends the job webhook too. Then tampering:
// starting from one valid captured delivery, each test breaks exactly one thing (a header missing,
// the timestamp six minutes old or ahead, the wrong secret, one byte of the body) and both
// libraries refuse it. Last, secret rotation: two signatures during the grace period, each valid
// with its own secret, and only the new one once the grace period is over on the virtual clock.
import { Webhook } from 'svix'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startFakePleo } from './support/start-fake-pleo.ts'
import {
  fakeClient,
  noContent,
  refusedByBoth,
  startReceiver,
  verifyBoth,
  type Received,
  type Receiver,
} from './webhook-receiver.ts'

let receiver: Receiver
const fakes: { stop(): Promise<void> }[] = []

beforeAll(async () => {
  receiver = await startReceiver()
})
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.stop()))
  receiver.respondWith(noContent)
})
afterAll(async () => {
  await receiver.close()
})

let paths = 0
/** A receiver path no other test uses, and its full URL. */
function endpoint(name: string) {
  const path = `/hooks/${++paths}-${name}`
  return { path, url: `${receiver.url}${path}` }
}

async function setup() {
  const sim = await startFakePleo({ clock: 'manual' })
  fakes.push(sim)
  return { sim, api: fakeClient(sim.url, sim.apiKey) }
}

const snapshotKeys = [
  'companyId',
  'createdAt',
  'createdBy',
  'expiresIn',
  'id',
  'numberOfItems',
  'status',
]

type Body = { data: Record<string, unknown>; eventId: string; eventType: string }

describe('every delivery', () => {
  it('verifies with svix and standardwebhooks and carries {data, eventId, eventType}', async () => {
    const { sim, api } = await setup()
    const hook = endpoint('shape')
    const { subscription, secret } = await api.subscribe({ endpointUrl: hook.url })
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/)

    const jobs = [
      await api.pressExport(sim.companyId, 1),
      await api.pressExport(sim.companyId, 3),
      await api.pressExport(sim.companyId, 7),
    ]
    await sim.dispatcher.idle()

    const got = receiver.at(hook.path)
    expect(got).toHaveLength(3)
    const bodies = got.map((request) => verifyBoth(secret, request) as Body)
    expect(bodies.map((body) => body.data.id)).toEqual(jobs.map((job) => job.id))
    for (const [i, request] of got.entries()) {
      const body = bodies[i]!
      expect(request.method).toBe('POST')
      expect(request.headers['content-type']).toBe('application/json')
      expect(request.headers['webhook-id']).toMatch(/^msg_[A-Za-z0-9]{27}$/)
      expect(request.headers['webhook-timestamp']).toMatch(/^\d{10}$/)
      expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/)
      // The body is exactly these three fields, and the signed bytes are what was parsed.
      expect(Object.keys(JSON.parse(request.body) as object)).toEqual([
        'data',
        'eventId',
        'eventType',
      ])
      expect(body.eventType).toBe('v1.export-job.created')
      expect(body.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
      // The seven-field snapshot, equal to the job as the API shows it right after creation.
      expect(Object.keys(body.data).sort()).toEqual(snapshotKeys)
      const { data: job } = await api.ok<{ data: Record<string, unknown> }>(
        'GET',
        `/v3/export-jobs/${jobs[i]!.id}`,
        200,
      )
      expect(body.data).toEqual(Object.fromEntries(snapshotKeys.map((key) => [key, job[key]])))
      expect(body.data).toMatchObject({
        companyId: sim.companyId,
        status: 'pending',
        numberOfItems: [1, 3, 7][i],
      })
    }
    expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(3)
    expect(new Set(bodies.map((b) => b.eventId)).size).toBe(3)

    // The journal has one successful first attempt per message, for this subscription.
    const deliveries = await api.deliveries()
    expect(deliveries.map((d) => [d.webhookId, d.attempt, d.status, d.subscriptionId])).toEqual(
      got.map((r) => [r.headers['webhook-id'], 1, 204, subscription.id]),
    )
  })

  it('carries the custom headers and the Basic credentials of the subscription', async () => {
    const { sim, api } = await setup()
    const hook = endpoint('auth')
    const { subscription, secret } = await api.subscribe({
      endpointUrl: hook.url,
      customHeaders: { 'X-Tenant': 'acme', 'x-trace-token': 'abc 123' },
      endpointAuth: { type: 'BASIC', credentials: { username: 'hook-user', password: 's3cr:t' } },
    })
    // The password never comes back from the API.
    expect(subscription.endpointAuth).toEqual({
      type: 'BASIC',
      credentials: { username: 'hook-user' },
    })
    expect(JSON.stringify(subscription)).not.toContain('s3cr:t')

    await api.pressExport(sim.companyId)
    await sim.dispatcher.idle()

    const [request] = receiver.at(hook.path)
    expect(request).toBeDefined()
    expect(request!.headers['x-tenant']).toBe('acme')
    expect(request!.headers['x-trace-token']).toBe('abc 123')
    expect(request!.headers.authorization).toBe(
      `Basic ${Buffer.from('hook-user:s3cr:t').toString('base64')}`,
    )
    verifyBoth(secret, request!)
  })

  it("custom headers spelled like the fake's own do not replace or join them", async () => {
    const { sim, api } = await setup()
    const hook = endpoint('clash')
    const { secret } = await api.subscribe({
      endpointUrl: hook.url,
      customHeaders: {
        'Content-Type': 'text/plain',
        'Webhook-Id': 'msg_spoofed',
        'WEBHOOK-SIGNATURE': 'v1,spoofed',
        Authorization: 'Bearer custom',
        'X-Kept': 'yes',
      },
      endpointAuth: { type: 'BASIC', credentials: { username: 'u', password: 'p' } },
    })
    await api.pressExport(sim.companyId)
    await sim.dispatcher.idle()

    const [request] = receiver.at(hook.path)
    const [delivery] = await api.deliveries()
    expect(request!.headers['content-type']).toBe('application/json')
    expect(request!.headers['webhook-id']).toBe(delivery!.webhookId)
    expect(request!.headers['webhook-signature']).not.toContain('spoofed')
    expect(request!.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`)
    expect(request!.headers['x-kept']).toBe('yes')
    verifyBoth(secret, request!)
  })

  it('a custom Authorization header is sent when the subscription has no endpoint auth', async () => {
    const { sim, api } = await setup()
    const hook = endpoint('bearer')
    await api.subscribe({ endpointUrl: hook.url, customHeaders: { Authorization: 'Bearer t0k' } })
    await api.pressExport(sim.companyId)
    await sim.dispatcher.idle()
    expect(receiver.at(hook.path)[0]!.headers.authorization).toBe('Bearer t0k')
  })
})

describe('who gets a message', () => {
  it('every accepted spelling of the job event subscribes to the same event', async () => {
    const { sim, api } = await setup()
    const spellings = ['v1.export-job.created', 'v1.export.job-created', 'export-job.created']
    const subs = []
    for (const spelling of spellings) {
      const hook = endpoint(spelling)
      const { subscription, secret } = await api.subscribe({
        endpointUrl: hook.url,
        eventTypes: [spelling],
      })
      expect(subscription.eventTypes).toEqual(['v1.export-job.created'])
      subs.push({ hook, secret })
    }
    // Two spellings of one event in one subscription are one event listed twice.
    const twice = await api.call('POST', '/v1/subscriptions', {
      endpointUrl: endpoint('twice').url,
      eventTypes: ['v1.export-job.created', 'export-job.created'],
    })
    expect(twice.status).toBe(400)

    const job = await api.pressExport(sim.companyId)
    await sim.dispatcher.idle()
    for (const { hook, secret } of subs) {
      const got = receiver.at(hook.path)
      expect(got, hook.path).toHaveLength(1)
      expect((verifyBoth(secret, got[0]!) as Body).data.id).toBe(job.id)
    }
  })

  it('INACTIVE and deleted subscriptions get nothing; a deactivated one stops', async () => {
    const { sim, api } = await setup()
    const [active, inactive, deleted, deactivated] = ['on', 'off', 'gone', 'later'].map(endpoint)
    await api.subscribe({ endpointUrl: active!.url })
    await api.subscribe({ endpointUrl: inactive!.url, status: 'INACTIVE' })
    const gone = await api.subscribe({ endpointUrl: deleted!.url })
    await api.ok('DELETE', `/v1/subscriptions/${gone.subscription.id}`, 204)
    const later = await api.subscribe({ endpointUrl: deactivated!.url })

    await api.pressExport(sim.companyId)
    await sim.dispatcher.idle()
    await api.ok('PUT', `/v1/subscriptions/${later.subscription.id}`, 200, {
      endpointUrl: deactivated!.url,
      eventTypes: ['v1.export-job.created'],
      status: 'INACTIVE',
    })
    await api.pressExport(sim.companyId)
    await sim.dispatcher.idle()

    expect(receiver.at(active!.path)).toHaveLength(2)
    expect(receiver.at(inactive!.path)).toHaveLength(0)
    expect(receiver.at(deleted!.path)).toHaveLength(0)
    expect(receiver.at(deactivated!.path)).toHaveLength(1)
  })

  it("another company's subscription gets only that company's messages", async () => {
    const { sim, api } = await setup()
    const other = await sim.control.createCompany({ name: 'Other ApS' })
    const otherApi = fakeClient(sim.url, other.apiKey)
    const [mine, theirs] = ['mine', 'theirs'].map(endpoint)
    const own = await api.subscribe({ endpointUrl: mine!.url })
    const their = await otherApi.subscribe({ endpointUrl: theirs!.url })
    // Each company sees only its own subscriptions.
    const listed = await otherApi.ok<{ data: { id: string }[] }>('GET', '/v1/subscriptions', 200)
    expect(listed.data.map((s) => s.id)).toEqual([their.subscription.id])
    await otherApi.ok('GET', `/v1/subscriptions/${own.subscription.id}`, 404)

    const ours = await api.pressExport(sim.companyId)
    await sim.dispatcher.idle()
    expect(receiver.at(mine!.path)).toHaveLength(1)
    expect(receiver.at(theirs!.path)).toHaveLength(0)

    const theirsJob = await api.pressExport(other.company.id)
    await sim.dispatcher.idle()
    const mineGot = receiver.at(mine!.path)
    const theirsGot = receiver.at(theirs!.path)
    expect(mineGot).toHaveLength(1)
    expect(theirsGot).toHaveLength(1)
    expect((verifyBoth(own.secret, mineGot[0]!) as Body).data.id).toBe(ours.id)
    const body = verifyBoth(their.secret, theirsGot[0]!) as Body
    expect(body.data).toMatchObject({ id: theirsJob.id, companyId: other.company.id })
    // Secrets are per subscription: ours does not verify theirs.
    refusedByBoth(own.secret, theirsGot[0]!)
  })

  it('POST /_sim/vendors sends v1.vendor.created to vendor subscribers only', async () => {
    const { sim, api } = await setup()
    const [vendors, jobs] = ['vendors', 'jobs'].map(endpoint)
    const { secret } = await api.subscribe({
      endpointUrl: vendors!.url,
      eventTypes: ['v1.vendor.created'],
    })
    await api.subscribe({ endpointUrl: jobs!.url })

    const { data: vendor } = await api.ok<{ data: Record<string, unknown> }>(
      'POST',
      '/_sim/vendors',
      201,
      { companyId: sim.companyId, name: 'Kontorartikler A/S' },
    )
    await sim.dispatcher.idle()

    expect(receiver.at(jobs!.path)).toHaveLength(0)
    const got = receiver.at(vendors!.path)
    expect(got).toHaveLength(1)
    const body = verifyBoth(secret, got[0]!) as Body
    expect(Object.keys(body)).toEqual(['data', 'eventId', 'eventType'])
    expect(body.eventType).toBe('v1.vendor.created')
    expect(body.data).toEqual(vendor)
    expect(body.data).toMatchObject({ companyId: sim.companyId, name: 'Kontorartikler A/S' })

    // A job does not go to the vendor subscription.
    await api.pressExport(sim.companyId)
    await sim.dispatcher.idle()
    expect(receiver.at(vendors!.path)).toHaveLength(1)
    expect(receiver.at(jobs!.path)).toHaveLength(1)
  })

  it('the public POST /v3/export-jobs sends the job webhook too', async () => {
    const { sim, api } = await setup()
    const hook = endpoint('public')
    const { secret } = await api.subscribe({ endpointUrl: hook.url })
    const { data: job } = await api.ok<{ data: { id: string } }>('POST', '/v3/export-jobs', 201, {
      companyId: sim.companyId,
      accountingEntryIds: [crypto.randomUUID(), crypto.randomUUID()],
    })
    await sim.dispatcher.idle()
    const got = receiver.at(hook.path)
    expect(got).toHaveLength(1)
    const body = verifyBoth(secret, got[0]!) as Body
    expect(body.eventType).toBe('v1.export-job.created')
    expect(body.data).toMatchObject({ id: job.id, numberOfItems: 2, status: 'pending' })
  })
})

describe('verifying one captured delivery, broken one way at a time', () => {
  let captured: Received
  let secret: string

  beforeAll(async () => {
    const sim = await startFakePleo({ clock: 'manual' })
    try {
      const api = fakeClient(sim.url, sim.apiKey)
      const hook = endpoint('captured')
      ;({ secret } = await api.subscribe({ endpointUrl: hook.url }))
      await api.pressExport(sim.companyId)
      await sim.dispatcher.idle()
      const [request] = receiver.at(hook.path)
      if (!request) throw new Error('no delivery captured')
      captured = request
    } finally {
      await sim.stop()
    }
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  const withHeaders = (changes: Record<string, string | undefined>) => {
    const headers = { ...captured.headers }
    for (const [name, value] of Object.entries(changes)) {
      if (value === undefined) delete headers[name]
      else headers[name] = value
    }
    return { body: captured.body, headers }
  }
  const timestamp = () => Number(captured.headers['webhook-timestamp'])
  const webhookId = () => captured.headers['webhook-id'] ?? ''
  /** Signs as the fake does (the svix library, one `v1,` signature for the one secret). */
  const resign = (seconds: number, body = captured.body) =>
    new Webhook(secret).sign(webhookId(), new Date(seconds * 1000), body)

  it('as captured, it verifies (the control for every case below)', () => {
    expect(verifyBoth(secret, captured)).toEqual(JSON.parse(captured.body))
    // Re-signing with the same id, timestamp and body gives exactly the captured signature, so
    // the re-signed variants below differ from a real delivery only in what they change.
    expect(resign(timestamp())).toBe(captured.headers['webhook-signature'])
  })

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])('%s missing', (header) => {
    const messages = refusedByBoth(secret, withHeaders({ [header]: undefined }))
    expect(messages).toEqual(['Missing required headers', 'Missing required headers'])
  })

  it('timestamp six minutes old (re-signed, so only the age is wrong)', () => {
    const old = timestamp() - 6 * 60
    const stale = withHeaders({
      'webhook-timestamp': String(old),
      'webhook-signature': resign(old),
    })
    expect(refusedByBoth(secret, stale)).toEqual([
      'Message timestamp too old',
      'Message timestamp too old',
    ])
    // Four minutes old is within the five-minute tolerance.
    const recent = timestamp() - 4 * 60
    verifyBoth(
      secret,
      withHeaders({ 'webhook-timestamp': String(recent), 'webhook-signature': resign(recent) }),
    )
  })

  it('timestamp six minutes ahead (re-signed, so only the time is wrong)', () => {
    const ahead = timestamp() + 6 * 60
    const early = withHeaders({
      'webhook-timestamp': String(ahead),
      'webhook-signature': resign(ahead),
    })
    expect(refusedByBoth(secret, early)).toEqual([
      'Message timestamp too new',
      'Message timestamp too new',
    ])
  })

  it("the untouched delivery, checked six minutes after it was sent (the verifier's clock)", () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime((timestamp() + 6 * 60) * 1000)
    expect(refusedByBoth(secret, captured)).toEqual([
      'Message timestamp too old',
      'Message timestamp too old',
    ])
    vi.setSystemTime((timestamp() - 6 * 60) * 1000)
    expect(refusedByBoth(secret, captured)).toEqual([
      'Message timestamp too new',
      'Message timestamp too new',
    ])
    vi.setSystemTime((timestamp() + 4 * 60) * 1000)
    verifyBoth(secret, captured)
  })

  it('the wrong secret', () => {
    const other = `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64')}`
    expect(refusedByBoth(other, captured)).toEqual([
      'No matching signature found',
      'No matching signature found',
    ])
  })

  it('the body changed by one byte', () => {
    const bytes = Buffer.from(captured.bytes)
    // A digit of the eventId (a UUID), replaced by another digit: same length, one byte differs.
    const at = captured.body.indexOf('"eventId":"') + '"eventId":"'.length
    expect(at).toBeGreaterThan(10)
    bytes[at] = bytes[at] === 0x30 ? 0x31 : 0x30
    const changed = bytes.toString('utf8')
    expect(changed).toHaveLength(captured.body.length)
    expect([...changed].filter((c, i) => c !== captured.body[i])).toHaveLength(1)
    expect(refusedByBoth(secret, { body: changed, headers: captured.headers })).toEqual([
      'No matching signature found',
      'No matching signature found',
    ])
  })

  it('another webhook-id', () => {
    const id = `msg_${'A'.repeat(27)}`
    expect(refusedByBoth(secret, withHeaders({ 'webhook-id': id }))).toEqual([
      'No matching signature found',
      'No matching signature found',
    ])
  })
})

describe('rotating the secret', () => {
  it('signs with both secrets during the grace period, then with the new one only', async () => {
    const { sim, api } = await setup()
    const hook = endpoint('rotate')
    const { subscription, secret: first } = await api.subscribe({ endpointUrl: hook.url })

    const { data: rotated } = await api.ok<{
      data: { secretKey: string; previousSecretValidUntil: string }
    }>('POST', `/v1/subscriptions/${subscription.id}/secret/rotate`, 200, { graceSeconds: 60 })
    const second = rotated.secretKey
    expect(second).not.toBe(first)
    const { nowMs } = await api.clock()
    expect(Date.parse(rotated.previousSecretValidUntil)).toBe(nowMs + 60_000)
    // GET …/secret shows the new one.
    const current = await api.ok<{ data: { secretKey: string } }>(
      'GET',
      `/v1/subscriptions/${subscription.id}/secret`,
      200,
    )
    expect(current.data.secretKey).toBe(second)

    await api.pressExport(sim.companyId)
    await sim.dispatcher.idle()
    // 59 s later the old secret is still in its grace period.
    await api.advance(59)
    await api.pressExport(sim.companyId)
    await sim.dispatcher.idle()
    const during = receiver.at(hook.path)
    expect(during).toHaveLength(2)
    for (const request of during) {
      const signatures = request.headers['webhook-signature']!.split(' ')
      expect(signatures).toHaveLength(2)
      expect(signatures[0]).toBe(
        new Webhook(second).sign(
          request.headers['webhook-id']!,
          new Date(Number(request.headers['webhook-timestamp']) * 1000),
          request.body,
        ),
      )
      // Either secret alone verifies it.
      verifyBoth(first, request)
      verifyBoth(second, request)
    }

    // At 60 s the grace period is over: only the new secret signs.
    await api.advance(1)
    await api.pressExport(sim.companyId)
    await sim.dispatcher.idle()
    const after = receiver.at(hook.path)[2]
    expect(after).toBeDefined()
    expect(after!.headers['webhook-signature']!.split(' ')).toHaveLength(1)
    verifyBoth(second, after!)
    expect(refusedByBoth(first, after!)).toEqual([
      'No matching signature found',
      'No matching signature found',
    ])
  })
})
