// Pleo's operations as Pleo's published OpenAPI documents name them: for each route of Pleo's
// API the fake serves ("METHOD /path"), the operationId and tag Pleo's spec gives it (so a client
// generated from the fake's /openapi.json gets the same method names as one generated from
// Pleo's) and the scope it needs (Pleo's scope table; the Subscriptions API names none, so the
// fake asks for the export-job scopes there). Every documented operation missing from this table
// is fake-only. The export operations come in v3 and v2, the two versions the fake serves.
import type { Scope } from '../services/companies.ts'

export type PleoOperation = { operationId: string; tag: string; scope: Scope }

const exportApi = (version: string) => `Export API (${version})`
const exportItems = (version: string) => `Export Items (${version})`
const subscriptionsTag = 'Subscriptions'

function exportOperations(version: 'v2' | 'v3'): Record<string, PleoOperation> {
  const V = version.toUpperCase()
  const api = exportApi(version)
  return {
    [`GET /${version}/export-jobs`]: {
      operationId: `getExportJobsList${V}`,
      tag: api,
      scope: 'export-jobs:read',
    },
    [`POST /${version}/export-jobs`]: {
      operationId: `createExportJob${V}`,
      tag: api,
      scope: 'export-jobs:write',
    },
    [`GET /${version}/export-jobs/{jobId}`]: {
      operationId: `getExportJobById${V}`,
      tag: api,
      scope: 'export-jobs:read',
    },
    [`POST /${version}/export-job-events`]: {
      operationId: `createExportJobEvent${V}`,
      tag: api,
      scope: 'export-jobs:write',
    },
    [`GET /${version}/export-jobs/{jobId}/items`]: {
      operationId: `getExportJobItems${V}`,
      tag: api,
      scope: 'export-jobs:read',
    },
    [`PUT /${version}/export-jobs/{jobId}/items`]: {
      operationId: `updateExportJobItems${V}`,
      tag: api,
      scope: 'export-jobs:write',
    },
    [`GET /${version}/export-items`]: {
      operationId: `getExportItems${V}`,
      tag: exportItems(version),
      scope: 'export-items:read',
    },
  }
}

const subscription = (operationId: string, scope: Scope): PleoOperation => ({
  operationId,
  tag: subscriptionsTag,
  scope,
})

export const pleoOperations: Readonly<Record<string, PleoOperation>> = {
  ...exportOperations('v3'),
  ...exportOperations('v2'),
  'GET /v1/subscriptions': subscription('getSubscriptions', 'export-jobs:read'),
  'POST /v1/subscriptions': subscription('createSubscription', 'export-jobs:write'),
  'GET /v1/subscriptions/{id}': subscription('getSubscriptionById', 'export-jobs:read'),
  'PUT /v1/subscriptions/{id}': subscription('updateSubscription', 'export-jobs:write'),
  'DELETE /v1/subscriptions/{id}': subscription('deleteSubscription', 'export-jobs:write'),
  'GET /v1/subscriptions/{id}/activities': subscription(
    'getSubscriptionActivities',
    'export-jobs:read',
  ),
  'GET /v1/subscriptions/{id}/secret': subscription('getSubscriptionSecret', 'export-jobs:read'),
}

/** Pleo's tags, in the order Pleo's documents list them, with what each groups. */
export const pleoTags = [
  { name: exportApi('v3'), description: "Export jobs, their events and items (Pleo's v3)." },
  { name: exportItems('v3'), description: "Export items: the accounting payloads (Pleo's v3)." },
  { name: exportApi('v2'), description: "Export jobs, their events and items (Pleo's v2)." },
  { name: exportItems('v2'), description: "Export items (Pleo's v2)." },
  { name: subscriptionsTag, description: "Pleo's Webhook Subscriptions API." },
]
