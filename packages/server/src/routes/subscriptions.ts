// The Webhook Subscriptions API (/v1/subscriptions), scoped to the caller's company: list (Pleo's
// cursor envelope, filters, sorting), create (200, as Pleo's spec has it), get, update, delete
// (204), the activities of a subscription (CREATE/UPDATE/DELETE, also after it was deleted), the
// signing secret, and the fake-only rotation that signs with the old and the new secret during a
// grace period (a rotation is not an activity: it changes no field of the subscription).
import { createRoute, z, type OpenAPIHono, type RouteConfig } from '@hono/zod-openapi'
import {
  eventTypeAliases,
  subscriptionActivityModelSchema,
  subscriptionModelSchema,
  subscriptionOperationTypes,
  subscriptionRequestSchema,
  subscriptionSecretModelSchema,
  subscriptionStatuses,
  type WebhookEventType,
} from '@fake-pleo/contract'
import type { MiddlewareHandler } from 'hono'
import { ApiError } from '../api-error.ts'
import type { AppDeps, AppEnv } from '../app-env.ts'
import { toPageInfo, toPageRequest, type SortKeys } from '../http/paging.ts'
import { dataOf, errors, json, listOf, pageQuery } from '../http/schemas.ts'
import { fakeOnlyTags, pleoSecurity } from '../openapi-document.ts'
import { requireScope } from '../http/scopes.ts'
import type { Scope } from '../services/companies.ts'
import { rejectUnknownQuery } from '../http/strict-query.ts'
import {
  createSubscription,
  deleteSubscription,
  toActivityModel,
  toSubscriptionModel,
  updateSubscription,
} from '../services/subscriptions.ts'
import type { SubscriptionRecord } from '../store/webhook-store.ts'
import { subscriptionLimitRefusal, webhookTargetRefusal } from '../services/webhook-targets.ts'

const tags = ['Webhook subscriptions']

/** 400 for an endpoint the fake will not post to (decision 0019). */
function refuseTarget(deps: AppDeps, endpointUrl: string): void {
  const refusal = webhookTargetRefusal(deps.options, endpointUrl)
  if (refusal) throw new ApiError('BAD_REQUEST', refusal)
}

/** Pleo names no scopes for this API: fake-pleo reuses the export-job ones, read and write. */
const readScopeNote =
  'Needs the scope export-jobs:read (reading subscriptions is reading export-job plumbing).'
const writeScopeNote =
  'Needs the scope export-jobs:write (creating, changing, deleting or rotating a subscription is writing).'
const Subscription = subscriptionModelSchema.clone().openapi('SubscriptionModel')
const SubscriptionRequest = subscriptionRequestSchema.clone().openapi('SubscriptionRequest')
const SubscriptionActivity = subscriptionActivityModelSchema
  .clone()
  .openapi('SubscriptionActivityModel')
const SubscriptionSecret = subscriptionSecretModelSchema.clone().openapi('SubscriptionSecretModel')
const idParam = z.object({
  id: z.guid({ error: 'must be a UUID' }).openapi({ param: { name: 'id', in: 'path' } }),
})

/** One value or the key repeated (`event_types=a&event_types=b`), always answered as a list. */
const many = <T extends z.ZodType>(item: T, error: string) =>
  z.union([item, z.array(item)], { error }).transform((v) => (Array.isArray(v) ? v : [v]))
const eventTypesError = `must be one of ${Object.keys(eventTypeAliases).join(', ')} (repeat the key for several)`
const knownEventType = z
  .string()
  .refine((t) => Object.hasOwn(eventTypeAliases, t), { error: eventTypesError })
const pagingParams = ['limit', 'offset', 'after', 'before', 'sorting_keys', 'sorting_order']

const listQuery = pageQuery.extend({
  status: z
    .enum(subscriptionStatuses, { error: `must be ${subscriptionStatuses.join(' or ')}` })
    .optional(),
  event_types: many(knownEventType, eventTypesError)
    .optional()
    .openapi({ description: 'Subscriptions listing any of these event types (repeat the key).' }),
})
const activitiesQuery = pageQuery.extend({
  operation_types: many(
    z.enum(subscriptionOperationTypes),
    `must be ${subscriptionOperationTypes.join(', ')} (repeat the key for several)`,
  )
    .optional()
    .openapi({ description: 'Only these operations (repeat the key).' }),
})

/** Pleo names no sort keys for these lists; fake-pleo offers the timestamps, id and status. */
const subscriptionSortKeys: SortKeys = {
  keys: { createdAt: 'created_at', updatedAt: 'updated_at', id: 'id', status: 'status' },
  defaultSort: [
    { column: 'created_at', desc: false },
    { column: 'seq', desc: false },
  ],
  tiebreak: 'seq',
}
const activitySortKeys: SortKeys = {
  keys: { createdAt: 'created_at', id: 'id', operationType: 'operation_type' },
  defaultSort: [
    { column: 'created_at', desc: false },
    { column: 'seq', desc: false },
  ],
  tiebreak: 'seq',
}

type Access = { scope: Scope; note: string }
const read: Access = { scope: 'export-jobs:read', note: readScopeNote }
const write: Access = { scope: 'export-jobs:write', note: writeScopeNote }
/** The failures every route here documents; those of one subscription add its 404. */
const failures = errors(400, 401, 403)
const failuresOfOne = errors(400, 401, 403, [404, 'SUBSCRIPTION_NOT_FOUND'])

/**
 * The shape every route here shares, in one place: its tag, its summary, a description ending
 * with the note on its scope, and the middleware enforcing that scope and rejecting query keys
 * other than `query` (strict mode). Keys come in the order the OpenAPI document is written in.
 */
function routeShape(
  strict: boolean,
  shape: {
    access: Access
    summary: string
    about?: string
    query?: readonly string[]
    /** For a fake-only route: its own tags and the security Pleo's routes get from the document. */
    fakeOnly?: { tags: string[]; security: RouteConfig['security'] }
  },
) {
  const { access, summary, about, query = [], fakeOnly } = shape
  return {
    tags: fakeOnly?.tags ?? tags,
    ...(fakeOnly ? { security: fakeOnly.security } : {}),
    summary,
    description: about ? `${about} ${access.note}` : access.note,
    middleware: [requireScope(access.scope), rejectUnknownQuery(strict, query)] as [
      MiddlewareHandler<AppEnv>,
      MiddlewareHandler,
    ],
  }
}

export function registerSubscriptionRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const webhooks = deps.store.webhooks
  const shape = (options: Parameters<typeof routeShape>[1]) =>
    routeShape(deps.options.strict, options)
  /** The caller's subscription; another company's, an unknown one (or a deleted one, unless
   * asked for) is 404. */
  const own = (id: string, companyId: string, withDeleted = false): SubscriptionRecord => {
    const record = webhooks.getSubscription(id)
    if (!record || record.companyId !== companyId || (record.deletedAt !== null && !withDeleted)) {
      throw new ApiError('SUBSCRIPTION_NOT_FOUND')
    }
    return record
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/subscriptions',
      ...shape({
        access: read,
        summary: 'List webhook subscriptions',
        about:
          "The caller's live subscriptions in Pleo's cursor envelope, oldest first unless sorted (sorting_keys: createdAt, updatedAt, id, status).",
        query: ['status', 'event_types', ...pagingParams],
      }),
      request: { query: listQuery },
      responses: {
        200: json(listOf(Subscription), 'A page of subscriptions'),
        ...failures,
      },
    }),
    (c) => {
      const q = c.req.valid('query')
      const page = webhooks.pageSubscriptions(
        {
          companyId: c.get('principal').companyId,
          status: q.status,
          eventTypes: q.event_types?.map((t) => eventTypeAliases[t] as WebhookEventType),
        },
        toPageRequest(q, subscriptionSortKeys),
      )
      const parameters: Record<string, string[]> = {}
      if (q.status) parameters.status = [q.status]
      if (q.event_types) parameters.event_types = q.event_types
      return c.json(
        { data: page.rows.map(toSubscriptionModel), pagination: toPageInfo(page, q, parameters) },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/subscriptions',
      ...shape({
        access: write,
        summary: 'Create a webhook subscription',
        about:
          "Event types accept the aliases in Pleo's docs (v1.export.job-created, export-job.created) and are stored as v1.export-job.created. A `whsec_` signing secret is created with it (GET …/secret).",
      }),
      request: { body: { ...json(SubscriptionRequest, 'SubscriptionRequest'), required: true } },
      responses: { 200: json(dataOf(Subscription), 'The subscription'), ...failures },
    }),
    (c) => {
      const { companyId } = c.get('principal')
      const request = c.req.valid('json')
      refuseTarget(deps, request.endpointUrl)
      const live = deps.store.webhooks.listSubscriptions(companyId).length
      const full = subscriptionLimitRefusal(deps.options.subscriptionLimit, live)
      if (full) throw new ApiError('BAD_REQUEST', full)
      const { record } = createSubscription(deps, companyId, request)
      return c.json({ data: toSubscriptionModel(record) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/subscriptions/{id}',
      ...shape({ access: read, summary: 'Get a webhook subscription' }),
      request: { params: idParam },
      responses: {
        200: json(dataOf(Subscription), 'The subscription'),
        ...failuresOfOne,
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
      ...shape({ access: write, summary: 'Update a webhook subscription' }),
      request: {
        params: idParam,
        body: { ...json(SubscriptionRequest, 'SubscriptionRequest'), required: true },
      },
      responses: {
        200: json(dataOf(Subscription), 'The subscription'),
        ...failuresOfOne,
      },
    }),
    (c) => {
      const { companyId } = c.get('principal')
      const current = own(c.req.valid('param').id, companyId)
      refuseTarget(deps, c.req.valid('json').endpointUrl)
      const next = updateSubscription(deps, current, c.req.valid('json'), companyId)
      return c.json({ data: toSubscriptionModel(next) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/subscriptions/{id}',
      ...shape({
        access: write,
        summary: 'Delete a webhook subscription',
        about: 'Pending deliveries to it are not sent.',
      }),
      request: { params: idParam },
      responses: {
        204: { description: 'Deleted' },
        ...failuresOfOne,
      },
    }),
    (c) => {
      const { companyId } = c.get('principal')
      deleteSubscription(deps, own(c.req.valid('param').id, companyId), companyId)
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/subscriptions/{id}/activities',
      ...shape({
        access: read,
        summary: 'List the activities of a webhook subscription',
        about:
          'Who created, updated and deleted the subscription, and when (readable after it was deleted), in the cursor envelope; sorting_keys: createdAt, id, operationType.',
        query: ['operation_types', ...pagingParams],
      }),
      request: { params: idParam, query: activitiesQuery },
      responses: {
        200: json(listOf(SubscriptionActivity), 'A page of activities'),
        ...failuresOfOne,
      },
    }),
    (c) => {
      const q = c.req.valid('query')
      const sub = own(c.req.valid('param').id, c.get('principal').companyId, true)
      const page = webhooks.pageActivities(
        { subscriptionId: sub.id, operationTypes: q.operation_types },
        toPageRequest(q, activitySortKeys),
      )
      const parameters: Record<string, string[]> = {}
      if (q.operation_types) parameters.operation_types = q.operation_types
      return c.json(
        { data: page.rows.map(toActivityModel), pagination: toPageInfo(page, q, parameters) },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/subscriptions/{id}/secret',
      ...shape({ access: read, summary: 'Get the signing secret of a subscription' }),
      request: { params: idParam },
      responses: {
        200: json(dataOf(SubscriptionSecret), 'The current secret'),
        ...failuresOfOne,
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
      ...shape({
        access: write,
        summary: 'Rotate the signing secret (fake-only extension)',
        about:
          "Not part of Pleo's API: a fake-pleo extension to test rotation. Creates a new secret; for `graceSeconds` (default 86400, on the virtual clock) deliveries carry two signatures, one per secret, space-separated.",
        fakeOnly: { tags: [fakeOnlyTags.extensions], security: pleoSecurity('export-jobs:write') },
      }),
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
        ...failuresOfOne,
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
