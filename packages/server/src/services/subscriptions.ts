// Subscriptions as the API shows them (secrets and passwords never leave except through the
// /secret endpoint), and creating one with its first `whsec_` secret.
import {
  formatNullableTimestamp,
  formatTimestamp,
  type SubscriptionModel,
  type SubscriptionRequest,
} from '@fake-pleo/contract'
import type { AppDeps } from '../app-env.ts'
import type { SubscriptionRecord } from '../store/webhook-store.ts'

export function toSubscriptionModel(record: SubscriptionRecord): SubscriptionModel {
  return {
    id: record.id,
    endpointUrl: record.endpointUrl,
    eventTypes: record.eventTypes,
    status: record.status,
    customHeaders: record.customHeaders,
    endpointAuth: record.endpointAuth
      ? {
          type: record.endpointAuth.type,
          credentials: record.endpointAuth.username
            ? { username: record.endpointAuth.username }
            : null,
        }
      : null,
    createdAt: formatTimestamp(record.createdAt),
    updatedAt: formatTimestamp(record.updatedAt),
    deletedAt: formatNullableTimestamp(record.deletedAt),
    deletedBy: record.deletedBy,
  }
}

export function applyRequest(
  base: Pick<SubscriptionRecord, 'id' | 'companyId' | 'createdAt'>,
  request: SubscriptionRequest,
  now: number,
): SubscriptionRecord {
  const auth = request.endpointAuth
  return {
    ...base,
    endpointUrl: request.endpointUrl,
    eventTypes: request.eventTypes,
    customHeaders: request.customHeaders ?? null,
    endpointAuth: auth
      ? {
          type: auth.type,
          username: auth.credentials?.username ?? null,
          password: auth.credentials?.password ?? null,
        }
      : null,
    status: request.status,
    updatedAt: now,
    deletedAt: null,
    deletedBy: null,
  }
}

export function createSubscription(
  deps: Pick<AppDeps, 'store' | 'ids' | 'clock'>,
  companyId: string,
  request: SubscriptionRequest,
): { record: SubscriptionRecord; secret: string } {
  const now = deps.clock.now()
  const record = applyRequest({ id: deps.ids.uuid(), companyId, createdAt: now }, request, now)
  const secret = deps.ids.webhookSecret()
  deps.store.webhooks.createSubscription(record, secret)
  return { record, secret }
}
