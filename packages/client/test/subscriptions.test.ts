// The Subscriptions API methods against the fake: create, get, list, update, the secret, delete
// (204, then 404 SUBSCRIPTION_NOT_FOUND), each checked against the fake's webhook store.
import { describe, expect, it } from 'vitest'
import { dataOf, setup } from './support.ts'

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
