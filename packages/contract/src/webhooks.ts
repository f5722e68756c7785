// Webhook vocabulary: event types and their accepted aliases, the Subscriptions API's request,
// model, activity and secret shapes, the delivery body `{data, eventId, eventType}` with the
// seven-field export-job snapshot, the doc example's literal wrapped body (an option), the two
// clocks `webhook-timestamp` can follow, and Svix's default retry schedule.
import { z } from 'zod'
import type { JobRecord } from './export-job.ts'
import { formatTimestamp, timestamp, uuid } from './primitives.ts'

export const webhookEventTypes = ['v1.export-job.created', 'v1.vendor.created'] as const
export type WebhookEventType = (typeof webhookEventTypes)[number]

/** Spellings seen in Pleo's docs, accepted at subscription time and stored as the canonical one. */
export const eventTypeAliases: Record<string, WebhookEventType> = {
  'v1.export-job.created': 'v1.export-job.created',
  'v1.export.job-created': 'v1.export-job.created',
  'export-job.created': 'v1.export-job.created',
  'v1.vendor.created': 'v1.vendor.created',
}

export const subscriptionStatuses = ['ACTIVE', 'INACTIVE'] as const
export type SubscriptionStatus = (typeof subscriptionStatuses)[number]

export const endpointAuthTypes = ['NONE', 'BASIC'] as const
export type EndpointAuthType = (typeof endpointAuthTypes)[number]

/** What an activity records: the subscription was created, changed or deleted. */
export const subscriptionOperationTypes = ['CREATE', 'UPDATE', 'DELETE'] as const
export type SubscriptionOperationType = (typeof subscriptionOperationTypes)[number]

const eventType = z
  .string()
  .refine((value) => Object.hasOwn(eventTypeAliases, value), {
    message: `must be one of ${Object.keys(eventTypeAliases).join(', ')}`,
  })
  .transform((value) => eventTypeAliases[value] as WebhookEventType)

const unique = <T>(values: readonly T[]) => new Set(values).size === values.length

// Requests. Every optional field of Pleo's SubscriptionRequest, EndpointAuth and AuthCredential
// is non-nullable: leave it out rather than sending null.

export const authCredentialSchema = z.object({
  username: z.string().max(500).optional(),
  password: z.string().max(500).optional(),
  token: z.string().max(2000).optional(),
})

export const endpointAuthSchema = z.object({
  type: z.enum(endpointAuthTypes).default('NONE'),
  credentials: authCredentialSchema.optional(),
})
export type EndpointAuth = z.infer<typeof endpointAuthSchema>

export const subscriptionRequestSchema = z.object({
  endpointUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000),
  eventTypes: z.array(eventType).min(1, 'must list at least one event type').refine(unique, {
    message: 'must not list the same event type twice (aliases count as the same)',
  }),
  customHeaders: z
    .record(
      z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'must be a valid header name'),
      z.string().max(2000),
    )
    .optional(),
  endpointAuth: endpointAuthSchema.optional(),
  status: z.enum(subscriptionStatuses).default('ACTIVE'),
})
export type SubscriptionRequest = z.infer<typeof subscriptionRequestSchema>

// Responses, as Pleo's SubscriptionModel: six required fields; `customHeaders`, `endpointAuth`,
// `deletedAt` and `deletedBy` are optional and non-nullable, so they are left out when empty and
// never sent as null. The model's AuthCredential may carry `password` and `token`; fake-pleo
// never sends them back (see its decision on the Subscriptions API), but a client reading Pleo
// accepts them.

export const subscriptionModelSchema = z.object({
  id: uuid,
  endpointUrl: z.string(),
  eventTypes: z.array(z.string()).refine(unique, { message: 'must not repeat an event type' }),
  status: z.enum(subscriptionStatuses),
  customHeaders: z.record(z.string(), z.string()).optional(),
  endpointAuth: z
    .object({
      type: z.enum(endpointAuthTypes).optional(),
      credentials: z
        .object({
          username: z.string().optional(),
          password: z.string().optional(),
          token: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  createdAt: timestamp,
  updatedAt: timestamp,
  deletedAt: timestamp.optional(),
  /** A URN naming who deleted it; fake-pleo writes `urn:pleo:company:<companyId>`. */
  deletedBy: z.string().optional(),
})
export type SubscriptionModel = z.infer<typeof subscriptionModelSchema>

/** One entry of a subscription's history (GET /v1/subscriptions/{id}/activities). */
export const subscriptionActivityModelSchema = z.object({
  id: uuid,
  subscriptionId: uuid,
  operationType: z.enum(subscriptionOperationTypes),
  description: z.string(),
  /** Who did it, e.g. `urn:pleo:company:<companyId>` (the same URN `deletedBy` carries). */
  actorUrn: z.string(),
  createdAt: timestamp,
})
export type SubscriptionActivityModel = z.infer<typeof subscriptionActivityModelSchema>

/** Pleo's SubscriptionSecretModel: `secretKey` is optional in the spec (fake-pleo always sends it). */
export const subscriptionSecretModelSchema = z.object({ secretKey: z.string().optional() })

/** The URN of the company a principal acts for, as `deletedBy` and `actorUrn` carry it. */
export const companyUrn = (companyId: string) => `urn:pleo:company:${companyId}`

/** The export-job snapshot Pleo's webhook example carries: seven fields, not the whole job. */
export function exportJobSnapshot(job: JobRecord) {
  return {
    companyId: job.companyId,
    createdAt: formatTimestamp(job.createdAt),
    createdBy: job.createdBy,
    expiresIn: job.expiresIn,
    id: job.id,
    numberOfItems: job.numberOfItems,
    status: job.status,
  }
}

export type WebhookBody = { data: unknown; eventId: string; eventType: WebhookEventType }

/**
 * What `webhook-timestamp` follows: `wall`, real time (the default: a receiver checks it against its
 * own clock, ±5 minutes), or `virtual`, the fake's virtual clock (fully simulated runs).
 */
export const webhookTimestampModes = ['wall', 'virtual'] as const
export type WebhookTimestampMode = (typeof webhookTimestampModes)[number]

/**
 * The delivery body: `plain` is `{data, eventId, eventType}`; `wrapped` is the doc example's literal
 * shape, `{"webhook-id", "webhook-timestamp", "webhook-signature", "payload": {data, eventId,
 * eventType}}`, sent with the same headers.
 */
export const webhookBodyShapes = ['plain', 'wrapped'] as const
export type WebhookBodyShape = (typeof webhookBodyShapes)[number]

export const wrappedWebhookBodySchema = z.object({
  'webhook-id': z.string(),
  'webhook-timestamp': z.number().int(),
  /** The signature of `payload`'s exact bytes (not of the body it sits in): see wrapWebhookBody. */
  'webhook-signature': z.string(),
  payload: z.object({ data: z.unknown(), eventId: z.string(), eventType: z.string() }),
})
export type WrappedWebhookBody = z.infer<typeof wrappedWebhookBodySchema>

/**
 * The wrapped body as the exact text sent. `payload` holds the plain body's bytes unchanged, and
 * `webhook-signature` the signature of those bytes (with the same id and timestamp), i.e. what the
 * header would carry in the plain shape. The header `webhook-signature` signs the whole body: a
 * signature cannot sit inside the bytes it signs.
 */
export function wrapWebhookBody(
  webhookId: string,
  timestampSeconds: number,
  payloadSignature: string,
  plainBody: string,
): string {
  const id = JSON.stringify(webhookId)
  const signature = JSON.stringify(payloadSignature)
  return `{"webhook-id":${id},"webhook-timestamp":${timestampSeconds},"webhook-signature":${signature},"payload":${plainBody}}`
}

/** The `{data, eventId, eventType}` of a parsed delivery body, in either shape (as it is otherwise). */
export function webhookPayload(body: unknown): unknown {
  const wrapped = wrappedWebhookBodySchema.safeParse(body)
  return wrapped.success ? wrapped.data.payload : body
}

/** Svix's default schedule: the delay before each attempt, in seconds (the first is immediate). */
export const svixRetrySchedule = [0, 5, 300, 1800, 7200, 18000, 36000, 36000] as const
