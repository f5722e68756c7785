// Subscriptions as the API shows them (Pleo's SubscriptionModel: empty optional fields left out,
// secrets and passwords never shown except the signing secret through /secret), and the three
// changes of Pleo's Subscriptions API (create, update, delete), each stored together with the
// activity that records it, by whom (a company URN) and when.
import {
  companyUrn,
  formatTimestamp,
  type SubscriptionActivityModel,
  type SubscriptionModel,
  type SubscriptionOperationType,
  type SubscriptionRequest,
} from '@fake-pleo/contract'
import type { AppDeps } from '../app-env.ts'
import type { ActivityRecord, SubscriptionRecord } from '../store/webhook-store.ts'

type Deps = Pick<AppDeps, 'store' | 'ids' | 'clock'>

function endpointAuthModel(auth: NonNullable<SubscriptionRecord['endpointAuth']>) {
  return auth.username
    ? { type: auth.type, credentials: { username: auth.username } }
    : { type: auth.type }
}

export function toSubscriptionModel(record: SubscriptionRecord): SubscriptionModel {
  const model: SubscriptionModel = {
    id: record.id,
    endpointUrl: record.endpointUrl,
    eventTypes: record.eventTypes,
    status: record.status,
    createdAt: formatTimestamp(record.createdAt),
    updatedAt: formatTimestamp(record.updatedAt),
  }
  if (record.customHeaders) model.customHeaders = record.customHeaders
  if (record.endpointAuth) model.endpointAuth = endpointAuthModel(record.endpointAuth)
  if (record.deletedAt !== null) model.deletedAt = formatTimestamp(record.deletedAt)
  if (record.deletedBy !== null) model.deletedBy = record.deletedBy
  return model
}

export function toActivityModel(record: ActivityRecord): SubscriptionActivityModel {
  return { ...record, createdAt: formatTimestamp(record.createdAt) }
}

/** The stored subscription a request describes (AuthCredential's `token` has no use: only NONE
 * and BASIC exist, so it is not kept). */
function applyRequest(
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

const changeableFields = [
  'endpointUrl',
  'eventTypes',
  'customHeaders',
  'endpointAuth',
  'status',
] as const

/** "Subscription updated: endpointUrl, status" (field names only: no header values or passwords). */
function describeUpdate(before: SubscriptionRecord, after: SubscriptionRecord): string {
  const changed = changeableFields.filter(
    (field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]),
  )
  return changed.length > 0
    ? `Subscription updated: ${changed.join(', ')}`
    : 'Subscription updated (no changes)'
}

function activity(
  deps: Deps,
  subscriptionId: string,
  operationType: SubscriptionOperationType,
  description: string,
  companyId: string,
  now: number,
): ActivityRecord {
  const actorUrn = companyUrn(companyId)
  return {
    id: deps.ids.uuid(),
    subscriptionId,
    operationType,
    description,
    actorUrn,
    createdAt: now,
  }
}

/** Creates the subscription, its first `whsec_` secret and its CREATE activity. */
export function createSubscription(
  deps: Deps,
  companyId: string,
  request: SubscriptionRequest,
): { record: SubscriptionRecord; secret: string } {
  const now = deps.clock.now()
  const record = applyRequest({ id: deps.ids.uuid(), companyId, createdAt: now }, request, now)
  const secret = deps.ids.webhookSecret()
  const created = activity(deps, record.id, 'CREATE', 'Subscription created', companyId, now)
  deps.store.webhooks.createSubscription(record, secret, created)
  return { record, secret }
}

/** Replaces the subscription's settings (PUT) and records an UPDATE activity naming the fields. */
export function updateSubscription(
  deps: Deps,
  current: SubscriptionRecord,
  request: SubscriptionRequest,
  actorCompanyId: string,
): SubscriptionRecord {
  const now = deps.clock.now()
  const next = applyRequest(current, request, now)
  const description = describeUpdate(current, next)
  deps.store.webhooks.updateSubscription(
    next,
    activity(deps, current.id, 'UPDATE', description, actorCompanyId, now),
  )
  return next
}

/** Marks the subscription deleted (by the actor's URN) and records a DELETE activity. */
export function deleteSubscription(
  deps: Deps,
  current: SubscriptionRecord,
  actorCompanyId: string,
): SubscriptionRecord {
  const now = deps.clock.now()
  const next = { ...current, deletedAt: now, updatedAt: now, deletedBy: companyUrn(actorCompanyId) }
  deps.store.webhooks.updateSubscription(
    next,
    activity(deps, current.id, 'DELETE', 'Subscription deleted', actorCompanyId, now),
  )
  return next
}
