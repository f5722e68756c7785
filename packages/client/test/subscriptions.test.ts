// The Subscriptions API methods against the fake: create, get, list, update, the secret, delete
// (204, then 404 SUBSCRIPTION_NOT_FOUND), each checked against the fake's webhook store; the list
// and the activities in Pleo's cursor envelope (filters and paging sent as Pleo spells them, every
// page walked); a secret answer without secretKey is an INVALID_RESPONSE, not an empty secret.
import { describe, expect, it } from 'vitest'
import { createPleoClient, type FetchLike } from '../src/index.ts'
import { dataOf, setup } from './support.ts'

const hook = (n: number) => ({
  endpointUrl: `http://127.0.0.1:9/hooks/${n}`,
  eventTypes: ['v1.export-job.created'],
})

describe('subscriptions', () => {
  it('creates, gets, lists, updates, reads the secret and deletes', async () => {
    const t = setup()
    const created = dataOf(
      await t.client.createSubscription({
        endpointUrl: 'http://127.0.0.1:9/hooks',
        eventTypes: ['v1.export.job-created'],
      }),
    )
    expect(created.eventTypes).toEqual(['v1.export-job.created'])
    expect(t.store.webhooks.getSubscription(created.id)?.endpointUrl).toBe(
      'http://127.0.0.1:9/hooks',
    )

    expect(dataOf(await t.client.getSubscription(created.id)).id).toBe(created.id)
    const listed = dataOf(await t.client.listSubscriptions({ status: 'ACTIVE' }))
    expect(listed.items.map((s) => s.id)).toContain(created.id)

    const updated = dataOf(
      await t.client.updateSubscription(created.id, {
        endpointUrl: 'http://127.0.0.1:9/other',
        eventTypes: ['v1.vendor.created'],
        status: 'INACTIVE',
      }),
    )
    expect(updated).toMatchObject({ status: 'INACTIVE', eventTypes: ['v1.vendor.created'] })
    expect(t.store.webhooks.getSubscription(created.id)?.status).toBe('INACTIVE')

    const secret = dataOf(await t.client.getSubscriptionSecret(created.id))
    expect(secret).toMatch(/^whsec_/)

    const deleted = await t.client.deleteSubscription(created.id)
    expect(deleted.ok && deleted.response.status).toBe(204)
    expect(t.store.webhooks.getSubscription(created.id)?.deletedAt).not.toBeNull()
    const gone = await t.client.getSubscription(created.id)
    expect(gone.ok ? undefined : gone.error).toMatchObject({
      status: 404,
      type: 'SUBSCRIPTION_NOT_FOUND',
    })
  })

  it('answers a bad request with a 400 result naming the field', async () => {
    const t = setup()
    const result = await t.client.createSubscription({
      endpointUrl: 'not a url',
      eventTypes: ['v1.export-job.created'],
    })
    expect(result.ok ? undefined : result.error).toMatchObject({ status: 400, type: 'BAD_REQUEST' })
    expect(result.ok ? '' : result.error.message).toContain('endpointUrl')
  })
})

describe('subscription lists', () => {
  it('pages the list with cursors and filters, and walks every page', async () => {
    const t = setup()
    const ids: string[] = []
    for (let n = 0; n < 5; n++) {
      const status = n === 1 ? 'INACTIVE' : 'ACTIVE'
      ids.push(dataOf(await t.client.createSubscription({ ...hook(n), status })).id)
    }
    const first = dataOf(await t.client.listSubscriptions({ limit: 2 }))
    expect(first.items.map((s) => s.id)).toEqual(ids.slice(0, 2))
    expect(first.pagination).toMatchObject({ hasNextPage: true, hasPreviousPage: false, total: 5 })
    const after = first.pagination.endCursor ?? ''
    const second = dataOf(await t.client.listSubscriptions({ limit: 2, after }))
    expect(second.items.map((s) => s.id)).toEqual(ids.slice(2, 4))
    expect(second.pagination.currentRequestPagination).toMatchObject({ after, limit: 2 })

    const active = dataOf(await t.client.allSubscriptions({ status: 'ACTIVE', limit: 2 }))
    const stored = t.store.webhooks.listSubscriptions(t.companyId)
    expect(active.map((s) => s.id)).toEqual(
      stored.filter((s) => s.status === 'ACTIVE').map((s) => s.id),
    )
    const newest = dataOf(
      await t.client.listSubscriptions({ sortingKeys: ['id'], sortingOrder: ['DESC'] }),
    )
    expect(newest.items.map((s) => s.id)).toEqual([...ids].sort().reverse())
    const requests = t.journal().filter((r) => r.path === '/v1/subscriptions' && r.method === 'GET')
    expect(requests.at(-1)?.query).toBe('sorting_keys=id&sorting_order=DESC')
  })

  it('reads the activities of a subscription, filtered and paged', async () => {
    const t = setup()
    const created = dataOf(await t.client.createSubscription(hook(1)))
    dataOf(await t.client.updateSubscription(created.id, { ...hook(2), status: 'INACTIVE' }))
    expect((await t.client.deleteSubscription(created.id)).ok).toBe(true)

    const all = dataOf(await t.client.allSubscriptionActivities(created.id, { limit: 1 }))
    expect(all.map((a) => a.operationType)).toEqual(['CREATE', 'UPDATE', 'DELETE'])
    expect(all.map((a) => a.actorUrn)).toEqual(Array(3).fill(`urn:pleo:company:${t.companyId}`))
    const stored = t.store.webhooks.pageActivities(
      { subscriptionId: created.id },
      { limit: 10, sort: [{ column: 'seq', desc: false }] },
    )
    expect(all.map((a) => a.id)).toEqual(stored.rows.map((a) => a.id))

    const updates = dataOf(
      await t.client.listSubscriptionActivities(created.id, { operationTypes: ['UPDATE'] }),
    )
    expect(updates.items.map((a) => a.description)).toEqual([
      'Subscription updated: endpointUrl, status',
    ])
    expect(updates.pagination.currentRequestPagination.parameters).toEqual({
      operation_types: ['UPDATE'],
    })
    const gone = await t.client.listSubscriptionActivities('00000000-0000-4000-8000-000000000000')
    expect(gone.ok ? undefined : gone.error).toMatchObject({
      status: 404,
      type: 'SUBSCRIPTION_NOT_FOUND',
    })
  })

  it('answers INVALID_RESPONSE for a secret answer without secretKey', async () => {
    const fetch: FetchLike = async () =>
      new Response(JSON.stringify({ data: {} }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })
    const client = createPleoClient({ baseUrl: 'http://pleo.local', auth: { apiKey: 'k' }, fetch })
    const result = await client.getSubscriptionSecret('00000000-0000-4000-8000-000000000000')
    expect(result.ok ? undefined : result.error).toMatchObject({
      status: 200,
      type: 'INVALID_RESPONSE',
    })
  })
})
