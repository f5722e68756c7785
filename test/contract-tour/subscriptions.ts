// The Subscriptions API leg: an integration subscribes to webhooks (a bare subscription, one with
// custom headers, Basic auth and the how-to's event-type alias, one for vendors), pages and
// filters its subscriptions, reads one, changes it, reads its signing secret and its history,
// deletes it, and meets every refusal on the way. Empty optional fields are left out of every
// SubscriptionModel, never sent as null; a password is never sent back.
import { expect } from 'vitest'
import {
  bodyTooLarge,
  messageOf,
  missingScope,
  noCredentials,
  notJson,
  subscriptions as ops,
  unknownKey,
  unknownToken,
} from './common.ts'
import type { Step } from './runner.ts'
import { read } from './schemas.ts'
import { note, unknownId, type Tour } from './tour.ts'

const main = (t: Tour) => t.fakes.main
const webhooks = (t: Tour) => main(t).fake.deps.store.webhooks
const hook = 'https://erp.example/hooks/pleo'
const minimal = { endpointUrl: hook, eventTypes: ['v1.export-job.created'] }
const sub = (name: string) => (t: Tour) => ({ params: { id: note(t, name) } })
/** A minute passes between subscriptions so that sorting by createdAt means something. */
const later = (t: Tour) => main(t).control.advanceClock(60)

function created(name: string, why: string, body: object, arrange?: (t: Tour) => unknown): Step {
  return {
    op: ops.create,
    status: 200,
    why,
    call: async (t) => {
      await arrange?.(t)
      return { body }
    },
    check: (t, answer) => {
      const model = read.subscription(answer)
      t.notes.set(name, model.id)
      expect(webhooks(t).getSubscription(model.id)?.endpointUrl).toBe(model.endpointUrl)
      expect(webhooks(t).activeSecrets(model.id, main(t).fake.deps.clock.now())).toHaveLength(1)
    },
  }
}

const create: Step[] = [
  {
    op: ops.list,
    status: 200,
    why: 'no subscriptions yet',
    check: (_t, body) => {
      const page = read.subscriptions(body)
      expect(page.data).toEqual([])
      expect(page.pagination).toMatchObject({ hasNextPage: false, total: 0 })
    },
  },
  {
    ...created('sub.a', 'the bare minimum', minimal),
    check: (t, body) => {
      const model = read.subscription(body)
      expect(model).toMatchObject({ ...minimal, status: 'ACTIVE' })
      for (const field of ['customHeaders', 'endpointAuth', 'deletedAt', 'deletedBy']) {
        expect(model).not.toHaveProperty(field)
      }
      t.notes.set('sub.a', model.id)
    },
  },
  {
    ...created(
      'sub.b',
      "custom headers, Basic auth and the how-to's event-type alias, inactive",
      {
        endpointUrl: `${hook}/b`,
        eventTypes: ['v1.export.job-created'],
        customHeaders: { 'X-Tenant': 'acme' },
        endpointAuth: { type: 'BASIC', credentials: { username: 'pleo', password: 's3cret' } },
        status: 'INACTIVE',
      },
      later,
    ),
    check: (t, body) => {
      const model = read.subscription(body)
      expect(model).toMatchObject({
        eventTypes: ['v1.export-job.created'],
        customHeaders: { 'X-Tenant': 'acme' },
        endpointAuth: { type: 'BASIC', credentials: { username: 'pleo' } },
        status: 'INACTIVE',
      })
      expect(JSON.stringify(model)).not.toContain('s3cret')
      t.notes.set('sub.b', model.id)
    },
  },
  created(
    'sub.c',
    'vendor events',
    { endpointUrl: `${hook}/c`, eventTypes: ['v1.vendor.created'] },
    later,
  ),
  {
    op: ops.create,
    status: 200,
    why: 'another company subscribes too',
    call: (t) => ({ body: minimal, headers: { authorization: note(t, 'other.auth') } }),
    check: (t, body) => {
      t.notes.set('sub.other', read.subscription(body).id)
    },
  },
  ...(
    [
      [
        { ...minimal, endpointUrl: 'ftp://erp.example/hooks' },
        'an endpoint that is not http(s)',
        'endpointUrl',
      ],
      [{ ...minimal, eventTypes: [] }, 'no event types', 'eventTypes'],
      [
        { ...minimal, eventTypes: ['v1.invoice.created'] },
        'an event type Pleo does not send',
        'eventTypes',
      ],
    ] as const
  ).map(([body, why, field]): Step => ({
    op: ops.create,
    status: 400,
    error: 'BAD_REQUEST',
    why,
    call: () => ({ body }),
    check: (_t, answer) => expect(messageOf(answer)).toContain(field),
  })),
  unknownKey(ops.create, () => ({ body: minimal })),
  missingScope(ops.create, 'export-jobs:write', () => ({ body: minimal })),
  bodyTooLarge(ops.create),
  notJson(ops.create),
]

const ids = (body: unknown) => read.subscriptions(body).data.map((s) => s.id)

const list: Step[] = [
  {
    op: ops.list,
    status: 200,
    why: 'two per page, oldest first',
    call: () => ({ query: 'limit=2' }),
    check: (t, body) => {
      const page = read.subscriptions(body)
      expect(ids(body)).toEqual([note(t, 'sub.a'), note(t, 'sub.b')])
      expect(page.pagination).toMatchObject({ hasNextPage: true, hasPreviousPage: false, total: 3 })
      t.notes.set('subs.page1.end', page.pagination.endCursor ?? '')
    },
  },
  {
    op: ops.list,
    status: 200,
    why: 'the rest with `after`',
    call: (t) => ({ query: `limit=2&after=${note(t, 'subs.page1.end')}` }),
    check: (t, body) => {
      expect(ids(body)).toEqual([note(t, 'sub.c')])
      const { pagination } = read.subscriptions(body)
      expect(pagination).toMatchObject({ hasNextPage: false, hasPreviousPage: true })
      t.notes.set('subs.page2.start', pagination.startCursor ?? '')
    },
  },
  {
    op: ops.list,
    status: 200,
    why: 'back with `before`',
    call: (t) => ({ query: `limit=2&before=${note(t, 'subs.page2.start')}` }),
    check: (t, body) => expect(ids(body)).toEqual([note(t, 'sub.a'), note(t, 'sub.b')]),
  },
  {
    op: ops.list,
    status: 200,
    why: 'the second by `offset`',
    call: () => ({ query: 'limit=1&offset=1' }),
    check: (t, body) => expect(ids(body)).toEqual([note(t, 'sub.b')]),
  },
  {
    op: ops.list,
    status: 200,
    why: 'newest first',
    call: () => ({ query: 'sorting_keys=createdAt&sorting_order=DESC' }),
    check: (t, body) =>
      expect(ids(body)).toEqual(['sub.c', 'sub.b', 'sub.a'].map((name) => note(t, name))),
  },
  {
    op: ops.list,
    status: 200,
    why: 'the inactive ones',
    call: () => ({ query: 'status=INACTIVE' }),
    check: (t, body) => expect(ids(body)).toEqual([note(t, 'sub.b')]),
  },
  {
    op: ops.list,
    status: 200,
    why: 'those for vendor events',
    call: () => ({ query: 'event_types=v1.vendor.created' }),
    check: (t, body) => {
      expect(ids(body)).toEqual([note(t, 'sub.c')])
      expect(read.subscriptions(body).pagination.currentRequestPagination.parameters).toEqual({
        event_types: ['v1.vendor.created'],
      })
    },
  },
  ...(
    [
      ['status=PAUSED', 'a status Pleo does not have'],
      ['sorting_keys=endpointUrl', 'a sort key the list does not offer'],
    ] as const
  ).map(([query, why]): Step => ({
    op: ops.list,
    status: 400,
    error: 'BAD_REQUEST',
    why,
    call: () => ({ query }),
  })),
  noCredentials(ops.list),
  missingScope(ops.list, 'export-jobs:read'),
]

const idRefusals = (op: string, scope: string, body?: object): Step[] => [
  {
    op,
    status: 400,
    error: 'BAD_REQUEST',
    why: 'an id that is not a UUID',
    call: () => ({ params: { id: 'sub-1' }, ...(body ? { body } : {}) }),
  },
  unknownToken(op, (t) => ({ ...sub('sub.a')(t), ...(body ? { body } : {}) })),
  missingScope(op, scope, (t) => ({ ...sub('sub.a')(t), ...(body ? { body } : {}) })),
  {
    op,
    status: 404,
    error: 'SUBSCRIPTION_NOT_FOUND',
    why: 'no such subscription',
    call: () => ({ params: { id: unknownId }, ...(body ? { body } : {}) }),
  },
  {
    op,
    status: 404,
    error: 'SUBSCRIPTION_NOT_FOUND',
    why: "another company's subscription",
    call: (t) => ({ ...sub('sub.other')(t), ...(body ? { body } : {}) }),
  },
]

const one: Step[] = [
  {
    op: ops.get,
    status: 200,
    why: 'one subscription',
    call: sub('sub.b'),
    check: (t, body) => expect(read.subscription(body).id).toBe(note(t, 'sub.b')),
  },
  ...idRefusals(ops.get, 'export-jobs:read'),
  {
    op: ops.update,
    status: 200,
    why: 'a new endpoint, paused',
    call: async (t) => {
      await later(t)
      return {
        ...sub('sub.a')(t),
        body: { ...minimal, endpointUrl: `${hook}/v2`, status: 'INACTIVE' },
      }
    },
    check: (t, body) => {
      const model = read.subscription(body)
      expect(model).toMatchObject({ endpointUrl: `${hook}/v2`, status: 'INACTIVE' })
      expect(Date.parse(model.updatedAt)).toBeGreaterThan(Date.parse(model.createdAt))
      expect(webhooks(t).getSubscription(model.id)?.status).toBe('INACTIVE')
    },
  },
  {
    op: ops.update,
    status: 400,
    error: 'BAD_REQUEST',
    why: 'no endpointUrl',
    call: (t) => ({ ...sub('sub.a')(t), body: { eventTypes: minimal.eventTypes } }),
    check: (_t, body) => expect(messageOf(body)).toContain('endpointUrl'),
  },
  ...idRefusals(ops.update, 'export-jobs:write', minimal),
  bodyTooLarge(ops.update, sub('sub.a')),
  notJson(ops.update, sub('sub.a')),
  {
    op: ops.secret,
    status: 200,
    why: 'the signing secret',
    call: sub('sub.a'),
    check: (t, body) => {
      const { secretKey } = read.secret(body)
      expect(secretKey).toMatch(/^whsec_/)
      const [stored] = webhooks(t).activeSecrets(note(t, 'sub.a'), main(t).fake.deps.clock.now())
      expect(secretKey).toBe(stored)
    },
  },
  ...idRefusals(ops.secret, 'export-jobs:read'),
]

const history: Step[] = [
  {
    op: ops.activities,
    status: 200,
    why: 'created, then updated',
    call: sub('sub.a'),
    check: (t, body) => {
      const page = read.activities(body)
      expect(page.data.map((a) => a.operationType)).toEqual(['CREATE', 'UPDATE'])
      expect(page.data[1]?.description).toContain('endpointUrl')
      const urn = `urn:pleo:company:${main(t).companyId}`
      expect(
        page.data.every((a) => a.actorUrn === urn && a.subscriptionId === note(t, 'sub.a')),
      ).toBe(true)
    },
  },
  {
    op: ops.activities,
    status: 200,
    why: 'one per page',
    call: (t) => ({ ...sub('sub.a')(t), query: 'limit=1' }),
    check: (t, body) => {
      const page = read.activities(body)
      expect(page.data.map((a) => a.operationType)).toEqual(['CREATE'])
      t.notes.set('activities.end', page.pagination.endCursor ?? '')
    },
  },
  {
    op: ops.activities,
    status: 200,
    why: 'the next with `after`',
    call: (t) => ({ ...sub('sub.a')(t), query: `limit=1&after=${note(t, 'activities.end')}` }),
    check: (t, body) => {
      const page = read.activities(body)
      expect(page.data.map((a) => a.operationType)).toEqual(['UPDATE'])
      t.notes.set('activities.start', page.pagination.startCursor ?? '')
    },
  },
  {
    op: ops.activities,
    status: 200,
    why: 'back with `before`',
    call: (t) => ({ ...sub('sub.a')(t), query: `limit=1&before=${note(t, 'activities.start')}` }),
    check: (_t, body) =>
      expect(read.activities(body).data.map((a) => a.operationType)).toEqual(['CREATE']),
  },
  {
    op: ops.activities,
    status: 200,
    why: 'only updates',
    call: (t) => ({ ...sub('sub.a')(t), query: 'operation_types=UPDATE' }),
    check: (_t, body) =>
      expect(read.activities(body).data.map((a) => a.operationType)).toEqual(['UPDATE']),
  },
  {
    op: ops.activities,
    status: 400,
    error: 'BAD_REQUEST',
    why: 'an operation type Pleo does not have',
    call: (t) => ({ ...sub('sub.a')(t), query: 'operation_types=RENAME' }),
  },
  ...idRefusals(ops.activities, 'export-jobs:read'),
]

const remove: Step[] = [
  ...idRefusals(ops.remove, 'export-jobs:write'),
  {
    op: ops.remove,
    status: 204,
    why: 'unsubscribed',
    call: sub('sub.a'),
    check: (t) => {
      const stored = webhooks(t).getSubscription(note(t, 'sub.a'))
      expect(stored?.deletedAt).toBe(main(t).fake.deps.clock.now())
      expect(stored?.deletedBy).toBe(`urn:pleo:company:${main(t).companyId}`)
    },
  },
  {
    op: ops.get,
    status: 404,
    error: 'SUBSCRIPTION_NOT_FOUND',
    why: 'a deleted subscription',
    call: sub('sub.a'),
  },
  {
    op: ops.remove,
    status: 404,
    error: 'SUBSCRIPTION_NOT_FOUND',
    why: 'deleting it twice',
    call: sub('sub.a'),
  },
  {
    op: ops.activities,
    status: 200,
    why: 'the history of a deleted subscription, deletion last',
    call: sub('sub.a'),
    check: (_t, body) =>
      expect(read.activities(body).data.map((a) => a.operationType)).toEqual([
        'CREATE',
        'UPDATE',
        'DELETE',
      ]),
  },
  {
    op: ops.list,
    status: 200,
    why: 'the deleted one is gone from the list',
    check: (t, body) => expect(ids(body)).toEqual([note(t, 'sub.b'), note(t, 'sub.c')]),
  },
]

export const subscriptionsLeg: Step[] = [...create, ...list, ...one, ...history, ...remove]
