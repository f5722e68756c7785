// GET /v1/subscriptions in Pleo's cursor envelope: the body validates against the contract's
// schemas (strictly), walking forward with after=endCursor and back with before=startCursor visits
// every live subscription once in the promised order with the right hasNext/PreviousPage and
// total, offset agrees, sorting_keys/sorting_order sort, status and event_types (repeated keys,
// aliases) filter and are echoed in currentRequestPagination.parameters, and a bad query answers
// 400 naming the parameter and changes nothing. Expected orders come from the store's records.
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { pageInfoSchema, subscriptionModelSchema } from '@fake-pleo/contract'
import { inProcessFake } from './helpers.ts'
import { advance, createCompany, expectError, read, stateWithoutJournal } from './support.ts'

type Fake = ReturnType<typeof inProcessFake>

const listSchema = z
  .object({ data: z.array(subscriptionModelSchema.strict()), pagination: pageInfoSchema.strict() })
  .strict()
type List = z.infer<typeof listSchema>

async function list(t: Fake, query = '', auth = t.auth): Promise<List> {
  return read(await t.get(`/v1/subscriptions${query}`, auth), 200, listSchema)
}

async function subscribe(
  t: Fake,
  extra: Record<string, unknown> = {},
  auth = t.auth,
): Promise<string> {
  const request = {
    endpointUrl: 'https://hooks.example.com/in',
    eventTypes: ['v1.export-job.created'],
  }
  const response = await t.send('POST', '/v1/subscriptions', { ...request, ...extra }, auth)
  return (await read(response, 200, z.object({ data: subscriptionModelSchema }))).data.id
}

/** Seven subscriptions: some created in the same second (ties), one INACTIVE, two for vendors,
 * one deleted (never listed). */
async function seven(t: Fake) {
  const ids: string[] = []
  for (let i = 0; i < 8; i++) {
    if (i % 3 === 0) await advance(t, 5)
    const vendor = i === 2 || i === 6
    ids.push(
      await subscribe(t, {
        endpointUrl: `https://hooks.example.com/${i}`,
        ...(vendor ? { eventTypes: ['v1.vendor.created', 'v1.export-job.created'] } : {}),
        ...(i === 4 ? { status: 'INACTIVE' } : {}),
      }),
    )
  }
  const deleted = ids.splice(5, 1)[0]
  await t.request(`/v1/subscriptions/${deleted}`, { method: 'DELETE', headers: t.auth })
  return ids
}

describe('GET /v1/subscriptions: the cursor envelope', () => {
  it('answers {data, pagination} with currentRequestPagination, cursors and total', async () => {
    using t = inProcessFake()
    const id = await subscribe(t)
    const body = await list(t)
    expect(body.data.map((s) => s.id)).toEqual([id])
    expect(body.pagination).toMatchObject({
      currentRequestPagination: { parameters: {}, limit: 50 },
      hasNextPage: false,
      hasPreviousPage: false,
      total: 1,
    })
    expect(body.pagination.startCursor).toMatch(/^[A-Z2-7=]+$/)
    expect(body.pagination.endCursor).toBe(body.pagination.startCursor)
  })

  it('an empty list has no cursors and total 0', async () => {
    using t = inProcessFake()
    const body = await list(t)
    expect(body.data).toEqual([])
    expect(body.pagination).toEqual({
      currentRequestPagination: { parameters: {}, limit: 50 },
      hasNextPage: false,
      hasPreviousPage: false,
      total: 0,
    })
  })
})

describe('GET /v1/subscriptions: paging', () => {
  it('walks forward with after and back with before, oldest first, with total and flags', async () => {
    using t = inProcessFake()
    const ids = await seven(t)
    // The store's order of live subscriptions is the default order of the list.
    const stored = t.store.webhooks.listSubscriptions(t.companyId).map((s) => s.id)
    expect(stored).toEqual(ids)

    const first = await list(t, '?limit=3')
    const second = await list(t, `?limit=3&after=${first.pagination.endCursor}`)
    const third = await list(t, `?limit=3&after=${second.pagination.endCursor}`)
    expect([first, second, third].map((p) => p.data.map((s) => s.id))).toEqual([
      ids.slice(0, 3),
      ids.slice(3, 6),
      ids.slice(6),
    ])
    expect([first, second, third].map((p) => p.pagination.total)).toEqual([7, 7, 7])
    expect([first, second, third].map((p) => p.pagination.hasNextPage)).toEqual([true, true, false])
    expect([first, second, third].map((p) => p.pagination.hasPreviousPage)).toEqual([
      false,
      true,
      true,
    ])
    expect(second.pagination.currentRequestPagination).toEqual({
      parameters: {},
      limit: 3,
      after: first.pagination.endCursor,
    })

    const back = await list(t, `?limit=3&before=${third.pagination.startCursor}`)
    expect(back.data).toEqual(second.data)
    expect(back.pagination).toMatchObject({
      hasNextPage: true,
      hasPreviousPage: true,
      startCursor: second.pagination.startCursor,
      endCursor: second.pagination.endCursor,
      currentRequestPagination: { before: third.pagination.startCursor, limit: 3 },
    })
    const start = await list(t, `?limit=3&before=${second.pagination.startCursor}`)
    expect(start.data).toEqual(first.data)
    expect(start.pagination.hasPreviousPage).toBe(false)
  })

  it('offset pages agree with cursor pages', async () => {
    using t = inProcessFake()
    const ids = await seven(t)
    const page = await list(t, '?offset=3&limit=3')
    expect(page.data.map((s) => s.id)).toEqual(ids.slice(3, 6))
    expect(page.pagination).toMatchObject({
      hasNextPage: true,
      hasPreviousPage: true,
      total: 7,
      currentRequestPagination: { offset: 3, limit: 3 },
    })
    const last = await list(t, '?offset=6&limit=3')
    expect(last.data.map((s) => s.id)).toEqual(ids.slice(6))
    expect(last.pagination.hasNextPage).toBe(false)
  })

  it('sorts by createdAt descending (ties in creation order) and by status', async () => {
    using t = inProcessFake()
    const ids = await seven(t)
    const records = t.store.webhooks.listSubscriptions(t.companyId)
    const position = (id: string) => ids.indexOf(id)
    const newestFirst = [...records]
      .sort((a, b) => b.createdAt - a.createdAt || position(a.id) - position(b.id))
      .map((s) => s.id)
    const query = '?sorting_keys=createdAt&sorting_order=DESC'
    const first = await list(t, `${query}&limit=4`)
    const rest = await list(t, `${query}&limit=4&after=${first.pagination.endCursor}`)
    expect([...first.data, ...rest.data].map((s) => s.id)).toEqual(newestFirst)
    expect(newestFirst).not.toEqual(ids)
    expect(first.pagination.currentRequestPagination).toMatchObject({
      sortingKeys: ['createdAt'],
      sortingOrder: ['DESC'],
    })

    const byStatus = await list(t, '?sorting_keys=status&sorting_keys=createdAt')
    const statuses = byStatus.data.map((s) => s.status)
    expect(statuses).toEqual([...statuses].sort())
    expect(statuses.at(-1)).toBe('INACTIVE')
  })
})

describe('GET /v1/subscriptions: filters', () => {
  it('filters by status and by event types (repeated keys, aliases) and echoes them', async () => {
    using t = inProcessFake()
    const ids = await seven(t)
    const records = t.store.webhooks.listSubscriptions(t.companyId)
    const inactive = records.filter((s) => s.status === 'INACTIVE').map((s) => s.id)
    const vendors = records.filter((s) => s.eventTypes.includes('v1.vendor.created'))

    const byStatus = await list(t, '?status=INACTIVE')
    expect(byStatus.data.map((s) => s.id)).toEqual(inactive)
    expect(byStatus.pagination.total).toBe(1)
    expect(byStatus.pagination.currentRequestPagination.parameters).toEqual({
      status: ['INACTIVE'],
    })

    const byVendor = await list(t, '?event_types=v1.vendor.created')
    expect(byVendor.data.map((s) => s.id)).toEqual(vendors.map((s) => s.id))
    expect(vendors).toHaveLength(2)

    const either = await list(t, '?event_types=v1.vendor.created&event_types=export-job.created')
    expect(either.data.map((s) => s.id)).toEqual(ids)
    expect(either.pagination.currentRequestPagination.parameters).toEqual({
      event_types: ['v1.vendor.created', 'export-job.created'],
    })

    const both = await list(t, '?status=ACTIVE&event_types=v1.vendor.created&limit=1')
    expect(both.data.map((s) => s.id)).toEqual([vendors[0]?.id])
    expect(both.pagination).toMatchObject({ total: 2, hasNextPage: true })
    const next = await list(
      t,
      `?status=ACTIVE&event_types=v1.vendor.created&limit=1&after=${both.pagination.endCursor}`,
    )
    expect(next.data.map((s) => s.id)).toEqual([vendors[1]?.id])
    expect(next.pagination.hasNextPage).toBe(false)
  })

  it("lists only the caller's company", async () => {
    using t = inProcessFake()
    await seven(t)
    const other = await createCompany(t)
    const theirs = await subscribe(t, {}, other.auth)
    const body = await list(t, '', other.auth)
    expect(body.data.map((s) => s.id)).toEqual([theirs])
    expect(body.pagination.total).toBe(1)
  })
})

describe('GET /v1/subscriptions: bad queries', () => {
  it('answers 400 naming the parameter and changes nothing', async () => {
    using t = inProcessFake()
    await seven(t)
    const page = await list(t, '?limit=2&sorting_keys=status&sorting_keys=createdAt')
    const before = stateWithoutJournal(t)
    const cases: [string, string][] = [
      ['limit=101', 'limit'],
      ['limit=ten', 'limit'],
      ['offset=-1', 'offset'],
      ['after=not-a-cursor', 'after'],
      ['before=MZXW6YQ=', 'before'],
      // A cursor of another sorting does not fit this one.
      [`after=${page.pagination.endCursor}`, 'after'],
      ['after=MZXW6YQ=&offset=2', 'offset'],
      ['sorting_keys=endpointUrl', 'sorting_keys'],
      ['sorting_keys=constructor', 'sorting_keys'],
      ['sorting_keys=createdAt&sorting_order=UP', 'sorting_order'],
      ['sorting_keys=createdAt&sorting_order=ASC&sorting_order=DESC', 'sorting_order'],
      ['status=PAUSED', 'status'],
      ['event_types=v1.nope', 'event_types'],
      ['event_types=toString', 'event_types'],
      ['event_types=v1.export-job.created&event_types=__proto__', 'event_types'],
    ]
    for (const [query, parameter] of cases) {
      const message = await expectError(
        await t.get(`/v1/subscriptions?${query}`),
        400,
        'BAD_REQUEST',
      )
      expect(message, query).toContain(parameter)
    }
    // The message says what would be accepted.
    const unknownType = await t.get('/v1/subscriptions?event_types=v1.nope')
    expect(await expectError(unknownType, 400, 'BAD_REQUEST')).toContain('v1.export-job.created')
    expect(stateWithoutJournal(t)).toEqual(before)
  })
})
