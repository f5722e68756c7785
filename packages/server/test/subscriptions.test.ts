// The Subscriptions API in-process: create (200, aliases stored canonically), get, list with
// filters, update, delete (204, then 404), the secret and its rotation, company scoping, bad
// input that changes nothing (including event type names that only exist on Object.prototype),
// and Pleo's SubscriptionModel exactly: empty optional fields left out (never null), passwords
// and tokens never sent back. Paging and activities have their own files.
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { subscriptionModelSchema, subscriptionSecretModelSchema } from '@fake-pleo/contract'
import { basicAuth, inProcessFake } from './helpers.ts'
import { read, stateWithoutJournal } from './support.ts'

type Sub = z.infer<typeof subscriptionModelSchema>
const oneSchema = z.object({ data: subscriptionModelSchema.strict() }).strict()

const body = (overrides: Record<string, unknown> = {}) => ({
  endpointUrl: 'http://127.0.0.1:9/hooks',
  eventTypes: ['v1.export.job-created'],
  ...overrides,
})

async function create(t: ReturnType<typeof inProcessFake>, overrides = {}): Promise<Sub> {
  const response = await t.send('POST', '/v1/subscriptions', body(overrides))
  return (await read(response, 200, oneSchema)).data
}

describe('subscriptions', () => {
  it('creates with canonical event types, gets, lists and filters', async () => {
    using t = inProcessFake()
    const a = await create(t)
    expect(a.eventTypes).toEqual(['v1.export-job.created'])
    const b = await create(t, { eventTypes: ['v1.vendor.created'], status: 'INACTIVE' })
    expect(t.store.webhooks.getSubscription(a.id)?.eventTypes).toEqual(['v1.export-job.created'])
    const got = (await (await t.get(`/v1/subscriptions/${a.id}`)).json()) as { data: Sub }
    expect(got.data.id).toBe(a.id)
    const list = async (query: string) =>
      ((await (await t.get(`/v1/subscriptions${query}`)).json()) as { data: Sub[] }).data.map(
        (s) => s.id,
      )
    expect(await list('')).toEqual([a.id, b.id])
    expect(await list('?status=INACTIVE')).toEqual([b.id])
    expect(await list('?event_types=export-job.created')).toEqual([a.id])
  })

  it('updates, deletes (204 then 404) and stops listing the deleted one', async () => {
    using t = inProcessFake()
    const a = await create(t)
    const put = await t.send(
      'PUT',
      `/v1/subscriptions/${a.id}`,
      body({ endpointUrl: 'https://x.test/h', status: 'INACTIVE' }),
    )
    expect(put.status).toBe(200)
    expect(t.store.webhooks.getSubscription(a.id)).toMatchObject({
      endpointUrl: 'https://x.test/h',
      status: 'INACTIVE',
    })
    const del = await t.request(`/v1/subscriptions/${a.id}`, { method: 'DELETE', headers: t.auth })
    expect(del.status).toBe(204)
    expect(t.store.webhooks.getSubscription(a.id)?.deletedAt).not.toBeNull()
    expect((await t.get(`/v1/subscriptions/${a.id}`)).status).toBe(404)
    expect(((await (await t.get('/v1/subscriptions')).json()) as { data: Sub[] }).data).toEqual([])
  })

  it('serves a whsec_ secret and rotates it, keeping the old one valid for the grace period', async () => {
    using t = inProcessFake()
    const a = await create(t)
    const secret = async () =>
      (
        (await (await t.get(`/v1/subscriptions/${a.id}/secret`)).json()) as {
          data: { secretKey: string }
        }
      ).data.secretKey
    const first = await secret()
    expect(first).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/)
    const rotated = await t.send('POST', `/v1/subscriptions/${a.id}/secret/rotate`, {
      graceSeconds: 60,
    })
    expect(rotated.status).toBe(200)
    const second = await secret()
    expect(second).not.toBe(first)
    const now = t.fake.deps.clock.now()
    expect(t.store.webhooks.activeSecrets(a.id, now)).toEqual([second, first])
    expect(t.store.webhooks.activeSecrets(a.id, now + 60_000)).toEqual([second])
  })

  it('keeps companies apart', async () => {
    using t = inProcessFake()
    const a = await create(t)
    const other = await t.send('POST', '/_sim/companies', {}, {})
    const { apiKey } = ((await other.json()) as { data: { apiKey: string } }).data
    const headers = { authorization: basicAuth(apiKey) }
    expect((await t.get(`/v1/subscriptions/${a.id}`, headers)).status).toBe(404)
    expect((await t.get(`/v1/subscriptions/${a.id}/secret`, headers)).status).toBe(404)
    expect(
      ((await (await t.get('/v1/subscriptions', headers)).json()) as { data: Sub[] }).data,
    ).toEqual([])
  })

  it('refuses bad input with a 400 naming the field, and creates nothing', async () => {
    using t = inProcessFake()
    const before = stateWithoutJournal(t)
    const cases: [Record<string, unknown>, string][] = [
      [{ endpointUrl: 'ftp://x' }, 'endpointUrl'],
      [{ endpointUrl: 'not a url' }, 'endpointUrl'],
      [{ eventTypes: [] }, 'eventTypes'],
      [{ eventTypes: ['v1.nope'] }, 'eventTypes'],
      [{ eventTypes: ['toString'] }, 'eventTypes'],
      [{ eventTypes: ['__proto__'] }, 'eventTypes'],
      [{ eventTypes: ['v1.export-job.created', 'export-job.created'] }, 'eventTypes'],
      [{ status: 'PAUSED' }, 'status'],
      [{ customHeaders: { 'bad header': 'x' } }, 'customHeaders'],
      [{ customHeaders: null }, 'customHeaders'],
      [{ endpointAuth: null }, 'endpointAuth'],
      [{ endpointAuth: { type: 'BASIC', credentials: { password: null } } }, 'endpointAuth'],
      [{ endpointAuth: { type: 'BEARER' } }, 'endpointAuth'],
    ]
    for (const [overrides, field] of cases) {
      const response = await t.send('POST', '/v1/subscriptions', body(overrides))
      expect(response.status, JSON.stringify(overrides)).toBe(400)
      expect(((await response.json()) as { message: string }).message).toContain(field)
    }
    expect((await t.get('/v1/subscriptions?event_types=toString')).status).toBe(400)
    expect(t.store.webhooks.listSubscriptions(t.companyId)).toEqual([])
    expect(stateWithoutJournal(t)).toEqual(before)
  })

  it('leaves out empty optional fields instead of sending null, in every answer', async () => {
    using t = inProcessFake()
    const bare = await create(t)
    for (const field of ['customHeaders', 'endpointAuth', 'deletedAt', 'deletedBy']) {
      expect(bare, field).not.toHaveProperty(field)
    }
    const texts = [
      await (await t.get(`/v1/subscriptions/${bare.id}`)).text(),
      await (await t.get('/v1/subscriptions')).text(),
      await (await t.send('PUT', `/v1/subscriptions/${bare.id}`, body())).text(),
    ]
    for (const text of texts) expect(text).not.toContain('null')
    // The store does hold nulls for them: it is the answer that leaves them out.
    expect(t.store.webhooks.getSubscription(bare.id)).toMatchObject({
      customHeaders: null,
      endpointAuth: null,
      deletedAt: null,
      deletedBy: null,
    })
  })

  it('shows endpointAuth without the password or token, and custom headers as given', async () => {
    using t = inProcessFake()
    const withAuth = await create(t, {
      customHeaders: { 'X-Tenant': 'acme' },
      endpointAuth: {
        type: 'BASIC',
        credentials: { username: 'hook-user', password: 'pa55-word', token: 't0ken-value' },
      },
    })
    expect(withAuth.customHeaders).toEqual({ 'X-Tenant': 'acme' })
    expect(withAuth.endpointAuth).toEqual({ type: 'BASIC', credentials: { username: 'hook-user' } })
    const got = await read(await t.get(`/v1/subscriptions/${withAuth.id}`), 200, oneSchema)
    expect(got.data).toEqual(withAuth)
    const listed = await (await t.get('/v1/subscriptions')).text()
    for (const secret of ['pa55-word', 't0ken-value']) expect(listed).not.toContain(secret)
    // The password is kept to sign deliveries with Basic auth.
    expect(t.store.webhooks.getSubscription(withAuth.id)?.endpointAuth?.password).toBe('pa55-word')
    // No username: endpointAuth carries only its type, not an empty or null credentials object.
    const noUser = await create(t, { endpointAuth: { type: 'NONE' } })
    expect(noUser.endpointAuth).toEqual({ type: 'NONE' })
  })

  it("answers the secret as Pleo's SubscriptionSecretResponse", async () => {
    using t = inProcessFake()
    const a = await create(t)
    const schema = z.object({ data: subscriptionSecretModelSchema.strict() }).strict()
    const body = await read(await t.get(`/v1/subscriptions/${a.id}/secret`), 200, schema)
    expect(body.data.secretKey).toBe(
      t.store.webhooks.activeSecrets(a.id, t.fake.deps.clock.now())[0],
    )
  })

  it('needs credentials', async () => {
    using t = inProcessFake()
    expect((await t.get('/v1/subscriptions', {})).status).toBe(401)
  })
})
