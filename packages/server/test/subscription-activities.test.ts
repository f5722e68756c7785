// GET /v1/subscriptions/{id}/activities: creating, updating and deleting a subscription each
// record one activity (read back through the store and through the route, in Pleo's cursor
// envelope, validated strictly), by the company's URN (the same one deletedBy carries) at the
// clock's time; a secret rotation records none; operation_types filters (repeated keys) and is
// echoed; pages walk with after/before/offset; a deleted subscription's history stays readable,
// another company's or an unknown one is 404, and a bad query is a 400 that changes nothing.
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import {
  companyUrn,
  formatTimestamp,
  pageInfoSchema,
  subscriptionActivityModelSchema,
  subscriptionModelSchema,
} from '@fake-pleo/contract'
import { inProcessFake } from './helpers.ts'
import {
  advance,
  createCompany,
  expectError,
  read,
  stateWithoutJournal,
  unknownId,
} from './support.ts'

type Fake = ReturnType<typeof inProcessFake>

const listSchema = z
  .object({
    data: z.array(subscriptionActivityModelSchema.strict()),
    pagination: pageInfoSchema.strict(),
  })
  .strict()
type List = z.infer<typeof listSchema>

const request = (extra: Record<string, unknown> = {}) => ({
  endpointUrl: 'https://hooks.example.com/in',
  eventTypes: ['v1.export-job.created'],
  ...extra,
})

async function subscribe(t: Fake): Promise<string> {
  const response = await t.send('POST', '/v1/subscriptions', request())
  return (await read(response, 200, z.object({ data: subscriptionModelSchema }))).data.id
}

async function activities(t: Fake, id: string, query = '', auth = t.auth): Promise<List> {
  return read(await t.get(`/v1/subscriptions/${id}/activities${query}`, auth), 200, listSchema)
}

/** Create, two updates and a delete, ten seconds apart; answers the id and the four times. */
async function history(t: Fake) {
  const times = [t.fake.deps.clock.now()]
  const id = await subscribe(t)
  times.push(await advance(t, 10))
  const changed = request({ endpointUrl: 'https://hooks.example.com/v2', status: 'INACTIVE' })
  expect((await t.send('PUT', `/v1/subscriptions/${id}`, changed)).status).toBe(200)
  times.push(await advance(t, 10))
  expect((await t.send('PUT', `/v1/subscriptions/${id}`, changed)).status).toBe(200)
  times.push(await advance(t, 10))
  const deleted = await t.request(`/v1/subscriptions/${id}`, { method: 'DELETE', headers: t.auth })
  expect(deleted.status).toBe(204)
  return { id, times }
}

describe('subscription activities: what is recorded', () => {
  it('records create, update and delete with the actor URN deletedBy uses', async () => {
    using t = inProcessFake()
    const { id, times } = await history(t)
    const actor = companyUrn(t.companyId)
    expect(actor).toBe(`urn:pleo:company:${t.companyId}`)
    expect(t.store.webhooks.getSubscription(id)?.deletedBy).toBe(actor)

    // Through the store: what was written, in the order it happened.
    const stored = t.store.webhooks.pageActivities(
      { subscriptionId: id },
      { limit: 10, sort: [{ column: 'seq', desc: false }] },
    )
    expect(
      stored.rows.map((a) => [a.operationType, a.description, a.actorUrn, a.createdAt]),
    ).toEqual([
      ['CREATE', 'Subscription created', actor, times[0]],
      ['UPDATE', 'Subscription updated: endpointUrl, status', actor, times[1]],
      ['UPDATE', 'Subscription updated (no changes)', actor, times[2]],
      ['DELETE', 'Subscription deleted', actor, times[3]],
    ])

    // Through the route, after the delete: the same history in Pleo's shape.
    const body = await activities(t, id)
    expect(body.data).toEqual(
      stored.rows.map((a) => ({ ...a, createdAt: formatTimestamp(a.createdAt) })),
    )
    expect(body.data.every((a) => a.subscriptionId === id)).toBe(true)
    expect(new Set(body.data.map((a) => a.id)).size).toBe(4)
    expect(body.pagination).toMatchObject({
      hasNextPage: false,
      hasPreviousPage: false,
      total: 4,
      currentRequestPagination: { parameters: {}, limit: 50 },
    })
  })

  it('a secret rotation records nothing; another subscription has its own history', async () => {
    using t = inProcessFake()
    const id = await subscribe(t)
    const other = await subscribe(t)
    const rotated = await t.send('POST', `/v1/subscriptions/${id}/secret/rotate`, {})
    expect(rotated.status).toBe(200)
    const body = await activities(t, id)
    expect(body.data.map((a) => a.operationType)).toEqual(['CREATE'])
    expect((await activities(t, other)).data.map((a) => a.subscriptionId)).toEqual([other])
  })

  it('a refused change records no activity', async () => {
    using t = inProcessFake()
    const id = await subscribe(t)
    const before = stateWithoutJournal(t)
    const bad = await t.send('PUT', `/v1/subscriptions/${id}`, request({ status: 'PAUSED' }))
    expect(bad.status).toBe(400)
    expect(stateWithoutJournal(t)).toEqual(before)
    expect((await activities(t, id)).pagination.total).toBe(1)
  })
})

describe('subscription activities: filters and pages', () => {
  it('filters by operation_types (repeated keys) and echoes them', async () => {
    using t = inProcessFake()
    const { id } = await history(t)
    const updates = await activities(t, id, '?operation_types=UPDATE')
    expect(updates.data.map((a) => a.operationType)).toEqual(['UPDATE', 'UPDATE'])
    expect(updates.pagination.total).toBe(2)
    expect(updates.pagination.currentRequestPagination.parameters).toEqual({
      operation_types: ['UPDATE'],
    })
    const ends = await activities(t, id, '?operation_types=DELETE&operation_types=CREATE')
    expect(ends.data.map((a) => a.operationType)).toEqual(['CREATE', 'DELETE'])
  })

  it('pages with limit, after, before and offset, and sorts newest first', async () => {
    using t = inProcessFake()
    const { id } = await history(t)
    const all = (await activities(t, id)).data
    const first = await activities(t, id, '?limit=3')
    expect(first.data).toEqual(all.slice(0, 3))
    expect(first.pagination).toMatchObject({ hasNextPage: true, hasPreviousPage: false, total: 4 })
    const second = await activities(t, id, `?limit=3&after=${first.pagination.endCursor}`)
    expect(second.data).toEqual(all.slice(3))
    expect(second.pagination).toMatchObject({ hasNextPage: false, hasPreviousPage: true })
    const back = await activities(t, id, `?limit=3&before=${second.pagination.startCursor}`)
    expect(back.data).toEqual(first.data)
    expect((await activities(t, id, '?offset=1&limit=2')).data).toEqual(all.slice(1, 3))
    const newest = await activities(t, id, '?sorting_keys=createdAt&sorting_order=DESC')
    expect(newest.data).toEqual([...all].reverse())
  })
})

describe('subscription activities: who may read them', () => {
  it("is 404 for another company's subscription and for an unknown id", async () => {
    using t = inProcessFake()
    const id = await subscribe(t)
    const other = await createCompany(t)
    const path = `/v1/subscriptions/${id}/activities`
    await expectError(await t.get(path, other.auth), 404, 'SUBSCRIPTION_NOT_FOUND')
    await expectError(
      await t.get(`/v1/subscriptions/${unknownId}/activities`),
      404,
      'SUBSCRIPTION_NOT_FOUND',
    )
    const message = await expectError(
      await t.get('/v1/subscriptions/nope/activities'),
      400,
      'BAD_REQUEST',
    )
    expect(message).toContain('id')
  })

  it('answers 400 naming the parameter for a bad query, changing nothing', async () => {
    using t = inProcessFake()
    const { id } = await history(t)
    const before = stateWithoutJournal(t)
    const cases: [string, string][] = [
      ['operation_types=ROTATE', 'operation_types'],
      ['operation_types=CREATE&operation_types=create', 'operation_types'],
      ['limit=1000', 'limit'],
      ['after=abc', 'after'],
      ['after=MZXW6YQ=', 'after'],
      ['sorting_keys=description', 'sorting_keys'],
      ['sorting_keys=createdAt&sorting_order=SIDEWAYS', 'sorting_order'],
    ]
    for (const [query, parameter] of cases) {
      const response = await t.get(`/v1/subscriptions/${id}/activities?${query}`)
      expect(await expectError(response, 400, 'BAD_REQUEST'), query).toContain(parameter)
    }
    expect(stateWithoutJournal(t)).toEqual(before)
  })
})
