// The control API's webhook side: the deliveries journal (every attempt, oldest first),
// redelivering a message now with the same webhook-id, and creating a vendor (which sends
// `v1.vendor.created`).
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import { deliveryViewSchema } from '@fake-pleo/contract'
import { ApiError } from '../api-error.ts'
import type { AppDeps, AppEnv } from '../app-env.ts'
import { dataOf, errors, json, logPageQuery } from '../http/schemas.ts'
import { outgoing } from '../services/webhook-events.ts'
import { fakeOnlyTags } from '../openapi-document.ts'

const tags = [fakeOnlyTags.control]

const vendorBody = z
  .object({
    companyId: z.guid({ error: 'must be a UUID' }),
    name: z.string().min(1).max(200).optional(),
    country: z.string().length(2).optional(),
    defaultCurrency: z.string().length(3).optional(),
    registrationNumber: z.string().max(100).optional(),
  })
  .strict()

export function registerWebhookControlRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const webhooks = deps.store.webhooks

  app.openapi(
    createRoute({
      method: 'get',
      path: '/_sim/deliveries',
      tags,
      summary: 'Every webhook delivery attempt',
      description:
        'Oldest first; page with `after` (the last id you saw) and `limit` (default 100, max 1000).',
      request: {
        query: logPageQuery('a delivery'),
      },
      responses: {
        200: json(z.object({ data: z.array(deliveryViewSchema) }), 'Attempts'),
        ...errors(400),
      },
    }),
    (c) => {
      const q = c.req.valid('query')
      const rows = webhooks.listDeliveries(q.after ?? 0, q.limit ?? 100)
      const data = rows.map(({ outboxId: _outboxId, ...row }) => ({
        ...row,
        at: new Date(row.at).toISOString(),
        queuedAt: new Date(row.queuedAt).toISOString(),
      }))
      return c.json({ data }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/_sim/deliveries/{id}/redeliver',
      tags,
      summary: 'Send a delivered or failed message again, now',
      description:
        'The message of that attempt goes out again at once, with the same webhook-id and body.',
      request: {
        params: z.object({
          id: z
            .string()
            .regex(/^\d{1,15}$/, 'must be a delivery id')
            .transform(Number),
        }),
      },
      responses: {
        202: json(dataOf(z.object({ webhookId: z.string() })), 'Queued'),
        ...errors(400, [404, 'DELIVERY_NOT_FOUND']),
      },
    }),
    async (c) => {
      const found = webhooks.getDelivery(c.req.valid('param').id)
      if (!found) throw new ApiError('DELIVERY_NOT_FOUND')
      if (!webhooks.requeue(found.outboxId, deps.clock.now())) {
        throw new ApiError(
          'BAD_REQUEST',
          'that message is being sent right now; try again in a moment',
        )
      }
      await deps.dispatcher?.notify()
      return c.json({ data: { webhookId: found.webhookId } }, 202)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/_sim/vendors',
      tags,
      summary: 'Create a vendor (sends v1.vendor.created)',
      request: { body: { ...json(vendorBody, 'Vendor'), required: true } },
      responses: {
        201: json(dataOf(z.record(z.string(), z.unknown())), 'The vendor'),
        ...errors(400, [404, 'COMPANY_NOT_FOUND']),
      },
    }),
    (c) => {
      const body = c.req.valid('json')
      if (!deps.store.getCompany(body.companyId)) throw new ApiError('COMPANY_NOT_FOUND')
      const now = new Date(deps.clock.now()).toISOString()
      const vendor = {
        id: deps.ids.uuid(),
        companyId: body.companyId,
        name: body.name ?? 'Nordic Office Supplies ApS',
        country: body.country ?? 'DK',
        registrationNumber: body.registrationNumber ?? null,
        taxRegistrationNumber: null,
        code: null,
        state: 'DRAFT',
        defaultCurrency: body.defaultCurrency ?? 'DKK',
        createdBy: null,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      }
      const event = outgoing(deps.ids, body.companyId, 'v1.vendor.created', vendor)
      deps.store.insertVendor(
        { id: vendor.id, companyId: vendor.companyId, payload: JSON.stringify(vendor) },
        deps.clock.now(),
        event,
      )
      void deps.dispatcher?.notify()
      return c.json({ data: vendor }, 201)
    },
  )
}
