// The Webhook Subscriptions API (/v1/subscriptions), scoped to the caller's company: list,
// create (200, as Pleo's spec has it), get, update, delete (204), the signing secret, and the
// fake-only rotation that signs with the old and the new secret during a grace period.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import {
  subscriptionModelSchema,
  subscriptionRequestSchema,
  subscriptionStatuses,
  eventTypeAliases,
} from '@fake-pleo/contract'
import { ApiError } from '../api-error.ts'
import type { AppDeps, AppEnv } from '../app-env.ts'
import { dataOf, errors, json } from '../http/schemas.ts'
import { fakeOnlyTags, pleoSecurity } from '../openapi-document.ts'
import { requireScope } from '../http/scopes.ts'
import { rejectUnknownQuery } from '../http/strict-query.ts'
import { applyRequest, createSubscription, toSubscriptionModel } from '../services/subscriptions.ts'
import type { SubscriptionRecord } from '../store/webhook-store.ts'

const tags = ['Webhook subscriptions']

/** Pleo names no scopes for this API: fake-pleo reuses the export-job ones, read and write. */
const readScopeNote =
  'Needs the scope export-jobs:read (reading subscriptions is reading export-job plumbing).'
const writeScopeNote =
  'Needs the scope export-jobs:write (creating, changing, deleting or rotating a subscription is writing).'
const Subscription = subscriptionModelSchema.clone().openapi('SubscriptionModel')
const SubscriptionRequest = subscriptionRequestSchema.clone().openapi('SubscriptionRequest')
const idParam = z.object({
  id: z.guid({ error: 'must be a UUID' }).openapi({ param: { name: 'id', in: 'path' } }),
})
const secretBody = dataOf(z.object({ secretKey: z.string() }))
const many = (item: z.ZodType<string>) =>
  z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]))
const listQuery = z.object({
  status: z.enum(subscriptionStatuses).optional(),
  event_types: many(z.string()).optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().max(100, 'must be at most 100'))
    .optional(),
  offset: z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .optional(),
})

export function registerSubscriptionRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const webhooks = deps.store.webhooks
  const own = (id: string, companyId: string): SubscriptionRecord => {
    const record = webhooks.getSubscription(id)
    if (!record || record.companyId !== companyId || record.deletedAt !== null) {
      throw new ApiError('SUBSCRIPTION_NOT_FOUND')
    }
    return record
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/subscriptions',
      tags,
      summary: 'List webhook subscriptions',
      description: readScopeNote,
      middleware: [
        requireScope('export-jobs:read'),
        rejectUnknownQuery(deps.options.strict, ['status', 'event_types', 'limit', 'offset']),
      ] as const,
      request: { query: listQuery },
      responses: {
        200: json(
          z.object({
            data: z.array(Subscription),
            pagination: z.object({
              total: z.number(),
              hasNextPage: z.boolean(),
              hasPreviousPage: z.boolean(),
            }),
          }),
          'Subscriptions',
        ),
        ...errors(400, 401, 403),
      },
    }),
    (c) => {
      const q = c.req.valid('query')
      const unknown = q.event_types?.find((t) => !Object.hasOwn(eventTypeAliases, t))
      if (unknown)
        throw new ApiError(
          'BAD_REQUEST',
          `query parameter event_types: unknown event type '${unknown}'`,
        )
      const wanted = q.event_types?.map((t) => eventTypeAliases[t])
      const all = webhooks
        .listSubscriptions(c.get('principal').companyId)
        .filter((s) => !q.status || s.status === q.status)
        .filter((s) => !wanted || wanted.some((t) => t && s.eventTypes.includes(t)))
      const offset = q.offset ?? 0
      const limit = q.limit ?? 50
      const page = all.slice(offset, offset + limit)
      return c.json(
        {
          data: page.map(toSubscriptionModel),
          pagination: {
            total: all.length,
            hasNextPage: offset + page.length < all.length,
            hasPreviousPage: offset > 0,
          },
        },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/subscriptions',
      tags,
      summary: 'Create a webhook subscription',
      description:
        "Event types accept the aliases in Pleo's docs (v1.export.job-created, export-job.created) and are stored as v1.export-job.created. A `whsec_` signing secret is created with it (GET …/secret). " +
        writeScopeNote,
      middleware: [
        requireScope('export-jobs:write'),
        rejectUnknownQuery(deps.options.strict, []),
      ] as const,
      request: { body: { ...json(SubscriptionRequest, 'SubscriptionRequest'), required: true } },
      responses: { 200: json(dataOf(Subscription), 'The subscription'), ...errors(400, 401, 403) },
    }),
    (c) => {
      const { record } = createSubscription(deps, c.get('principal').companyId, c.req.valid('json'))
      return c.json({ data: toSubscriptionModel(record) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/subscriptions/{id}',
      tags,
      summary: 'Get a webhook subscription',
      description: readScopeNote,
      middleware: [
        requireScope('export-jobs:read'),
        rejectUnknownQuery(deps.options.strict, []),
      ] as const,
      request: { params: idParam },
      responses: {
        200: json(dataOf(Subscription), 'The subscription'),
        ...errors(400, 401, 403, [404, 'SUBSCRIPTION_NOT_FOUND']),
      },
    }),
    (c) =>
      c.json(
        { data: toSubscriptionModel(own(c.req.valid('param').id, c.get('principal').companyId)) },
        200,
      ),
  )

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/subscriptions/{id}',
      tags,
      summary: 'Update a webhook subscription',
      description: writeScopeNote,
      middleware: [
        requireScope('export-jobs:write'),
        rejectUnknownQuery(deps.options.strict, []),
      ] as const,
      request: {
        params: idParam,
        body: { ...json(SubscriptionRequest, 'SubscriptionRequest'), required: true },
      },
      responses: {
        200: json(dataOf(Subscription), 'The subscription'),
        ...errors(400, 401, 403, [404, 'SUBSCRIPTION_NOT_FOUND']),
      },
    }),
    (c) => {
      const current = own(c.req.valid('param').id, c.get('principal').companyId)
      const next = applyRequest(current, c.req.valid('json'), deps.clock.now())
      webhooks.saveSubscription(next)
      return c.json({ data: toSubscriptionModel(next) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/subscriptions/{id}',
      tags,
      summary: 'Delete a webhook subscription',
      description: 'Pending deliveries to it are not sent. ' + writeScopeNote,
      middleware: [
        requireScope('export-jobs:write'),
        rejectUnknownQuery(deps.options.strict, []),
      ] as const,
      request: { params: idParam },
      responses: {
        204: { description: 'Deleted' },
        ...errors(400, 401, 403, [404, 'SUBSCRIPTION_NOT_FOUND']),
      },
    }),
    (c) => {
      const principal = c.get('principal')
      const current = own(c.req.valid('param').id, principal.companyId)
      const now = deps.clock.now()
      webhooks.saveSubscription({
        ...current,
        deletedAt: now,
        updatedAt: now,
        deletedBy: `urn:pleo:company:${principal.companyId}`,
      })
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/subscriptions/{id}/secret',
      tags,
      summary: 'Get the signing secret of a subscription',
      description: readScopeNote,
      middleware: [
        requireScope('export-jobs:read'),
        rejectUnknownQuery(deps.options.strict, []),
      ] as const,
      request: { params: idParam },
      responses: {
        200: json(secretBody, 'The current secret'),
        ...errors(400, 401, 403, [404, 'SUBSCRIPTION_NOT_FOUND']),
      },
    }),
    (c) => {
      const sub = own(c.req.valid('param').id, c.get('principal').companyId)
      const [secretKey = ''] = webhooks.activeSecrets(sub.id, deps.clock.now())
      return c.json({ data: { secretKey } }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/subscriptions/{id}/secret/rotate',
      tags: [fakeOnlyTags.extensions],
      security: pleoSecurity('export-jobs:write'),
      summary: 'Rotate the signing secret (fake-only extension)',
      description:
        "Not part of Pleo's API: a fake-pleo extension to test rotation. Creates a new secret; for `graceSeconds` (default 86400, on the virtual clock) deliveries carry two signatures, one per secret, space-separated. " +
        writeScopeNote,
      middleware: [
        requireScope('export-jobs:write'),
        rejectUnknownQuery(deps.options.strict, []),
      ] as const,
      request: {
        params: idParam,
        body: {
          ...json(
            z
              .object({
                graceSeconds: z
                  .number()
                  .int()
                  .min(0)
                  .max(30 * 86_400)
                  .optional(),
              })
              .strict(),
            'Grace period',
          ),
          required: false,
        },
      },
      responses: {
        200: json(
          dataOf(z.object({ secretKey: z.string(), previousSecretValidUntil: z.string() })),
          'The new secret',
        ),
        ...errors(400, 401, 403, [404, 'SUBSCRIPTION_NOT_FOUND']),
      },
    }),
    (c) => {
      const sub = own(c.req.valid('param').id, c.get('principal').companyId)
      const grace = (c.req.valid('json') ?? {}).graceSeconds ?? 86_400
      const now = deps.clock.now()
      const secretKey = deps.ids.webhookSecret()
      webhooks.rotateSecret(sub.id, secretKey, now, now + grace * 1000)
      return c.json(
        {
          data: { secretKey, previousSecretValidUntil: new Date(now + grace * 1000).toISOString() },
        },
        200,
      )
    },
  )
}
