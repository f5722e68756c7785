// createPleoClient: typed methods for every route of Pleo's Export API v3 and the Subscriptions
// API, each resolving to a PleoResult. Dependencies (fetch, sleep, random) are injected so
// tests run against an in-process fake without sockets or real time. List methods answer
// `{items, pagination}`; the `all*` helpers walk every page (see pagination.ts).
import { setTimeout as sleep } from 'node:timers/promises'
import {
  exportItemV3Schema,
  exportJobItemUpdateV3Schema,
  exportJobItemV3Schema,
  exportJobV3Schema,
  maxItemsPerUpdate,
  pageInfoSchema,
  subscriptionActivityModelSchema,
  subscriptionModelSchema,
  subscriptionSecretModelSchema,
  type CreateExportJob,
  type ExportItemV3,
  type ExportJobEvent,
  type ExportJobFailureReasonType,
  type ExportJobItemFailureReasonType,
  type ExportJobItemStatus,
  type ExportJobItemV3,
  type ExportJobStatus,
  type ExportJobV3,
  type ItemUpdateError,
  type PageOrder,
  type subscriptionRequestSchema,
  type SubscriptionActivityModel,
  type SubscriptionModel,
  type SubscriptionOperationType,
  type SubscriptionStatus,
} from '@fake-pleo/contract'
import { z } from 'zod'
import { createReceiptDownloader } from './download.ts'
import { collectPages, type Page } from './pagination.ts'
import { toQueryString } from './query.ts'
import { failure, type PleoResult } from './result.ts'
import { defaultRetry, type RetryOptions } from './retry.ts'
import { createTransport, type Auth, type FetchLike } from './transport.ts'

export type PleoClientOptions = {
  /** e.g. https://external.pleo.io or http://127.0.0.1:4010 (no trailing /v3). */
  baseUrl: string
  auth: Auth
  fetch?: FetchLike
  sleep?: (ms: number) => Promise<void>
  /** A number in [0, 1), used for backoff jitter. */
  random?: () => number
  retry?: Partial<RetryOptions>
}

export type ListExportJobsQuery = {
  companyId?: string
  statuses?: readonly ExportJobStatus[]
  limit?: number
  after?: string
  before?: string
  offset?: number
  sortingKeys?: readonly string[]
  sortingOrder?: readonly PageOrder[]
}

/** Pleo's CreateExportJobEvent: `jobId` (never the how-to's `exportJobId`); no field is nullable. */
export type ExportJobEventInput = {
  jobId: string
  event: ExportJobEvent
  failureReason?: string
  failureReasonType?: ExportJobFailureReasonType
}

/**
 * Pleo's UpdateExportJobItemV3: no field is nullable (leave one out instead). `exportedAt` is any
 * RFC 3339 date-time; the fake keeps its fraction of a second.
 */
export type ExportJobItemUpdateInput = {
  accountingEntryId: string
  status: ExportJobItemStatus
  exportedAt?: string
  externalId?: string
  externalUrl?: string
  failureReason?: string
  failureReasonType?: ExportJobItemFailureReasonType
}

export type SubscriptionRequest = z.input<typeof subscriptionRequestSchema>
export type ItemUpdateResult = { items: ExportJobItemV3[]; errors: ItemUpdateError[] }

/** Cursor or offset paging and sorting, as every Subscriptions API list takes them. */
export type PageQuery = {
  limit?: number
  after?: string
  before?: string
  offset?: number
  sortingKeys?: readonly string[]
  sortingOrder?: readonly PageOrder[]
}
export type ListSubscriptionsQuery = PageQuery & {
  status?: SubscriptionStatus
  eventTypes?: readonly string[]
}
export type ListSubscriptionActivitiesQuery = PageQuery & {
  operationTypes?: readonly SubscriptionOperationType[]
}
export type SubscriptionPage = Page<SubscriptionModel>
export type SubscriptionActivityPage = Page<SubscriptionActivityModel>

const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), pagination: pageInfoSchema })
const dataOf = <T extends z.ZodType>(item: T) => z.object({ data: item })
const jobList = listOf(exportJobV3Schema)
const jobItemList = listOf(exportJobItemV3Schema)
const exportItemList = listOf(exportItemV3Schema)
const oneJob = dataOf(exportJobV3Schema)
const oneSubscription = dataOf(subscriptionModelSchema)
const subscriptionList = listOf(subscriptionModelSchema)
const activityList = listOf(subscriptionActivityModelSchema)
const secret = dataOf(subscriptionSecretModelSchema)

const pageParams = (query: PageQuery) => ({
  limit: query.limit,
  after: query.after,
  before: query.before,
  offset: query.offset,
  sorting_keys: query.sortingKeys,
  sorting_order: query.sortingOrder,
})

function map<A, B>(result: PleoResult<A>, f: (a: A) => B): PleoResult<B> {
  return result.ok ? { ok: true, data: f(result.data), response: result.response } : result
}

const toPage = <T>(body: { data: T[]; pagination: Page<T>['pagination'] }): Page<T> => ({
  items: body.data,
  pagination: body.pagination,
})
const unwrap = <T>(body: { data: T }): T => body.data
const id = (value: string) => encodeURIComponent(value)

export function createPleoClient(options: PleoClientOptions) {
  const transport = {
    baseUrl: options.baseUrl,
    auth: options.auth,
    fetch: options.fetch ?? ((input: string, init: RequestInit) => globalThis.fetch(input, init)),
    sleep: options.sleep ?? sleep,
    random: options.random ?? Math.random,
    retry: { ...defaultRetry, ...options.retry },
  }
  const send = createTransport(transport)

  const listExportJobs = async (
    query: ListExportJobsQuery = {},
  ): Promise<PleoResult<Page<ExportJobV3>>> => {
    const qs = toQueryString({
      company_id: query.companyId,
      statuses: query.statuses,
      limit: query.limit,
      after: query.after,
      before: query.before,
      offset: query.offset,
      sorting_keys: query.sortingKeys,
      sorting_order: query.sortingOrder,
    })
    return map(await send({ method: 'GET', path: `/v3/export-jobs${qs}`, schema: jobList }), toPage)
  }

  const listExportJobItems = async (
    jobId: string,
    query: { status?: ExportJobItemStatus; limit?: number; after?: string } = {},
  ): Promise<PleoResult<Page<ExportJobItemV3>>> => {
    const qs = toQueryString({ status: query.status, limit: query.limit, after: query.after })
    const path = `/v3/export-jobs/${id(jobId)}/items${qs}`
    return map(await send({ method: 'GET', path, schema: jobItemList }), toPage)
  }

  const listExportItems = async (
    query: { jobId?: string; limit?: number; after?: string } = {},
  ): Promise<PleoResult<Page<ExportItemV3>>> => {
    const qs = toQueryString({ job_id: query.jobId, limit: query.limit, after: query.after })
    const path = `/v3/export-items${qs}`
    return map(await send({ method: 'GET', path, schema: exportItemList }), toPage)
  }

  const listSubscriptions = async (
    query: ListSubscriptionsQuery = {},
  ): Promise<PleoResult<SubscriptionPage>> => {
    const qs = toQueryString({
      status: query.status,
      event_types: query.eventTypes,
      ...pageParams(query),
    })
    const path = `/v1/subscriptions${qs}`
    return map(await send({ method: 'GET', path, schema: subscriptionList }), toPage)
  }

  const listSubscriptionActivities = async (
    subscriptionId: string,
    query: ListSubscriptionActivitiesQuery = {},
  ): Promise<PleoResult<SubscriptionActivityPage>> => {
    const qs = toQueryString({ operation_types: query.operationTypes, ...pageParams(query) })
    const path = `/v1/subscriptions/${id(subscriptionId)}/activities${qs}`
    return map(await send({ method: 'GET', path, schema: activityList }), toPage)
  }

  return {
    listExportJobs,

    getExportJob: async (jobId: string): Promise<PleoResult<ExportJobV3>> =>
      map(
        await send({ method: 'GET', path: `/v3/export-jobs/${id(jobId)}`, schema: oneJob }),
        unwrap,
      ),

    createExportJob: async (body: CreateExportJob): Promise<PleoResult<ExportJobV3>> =>
      map(await send({ method: 'POST', path: '/v3/export-jobs', body, schema: oneJob }), unwrap),

    /** 202 with no body: `data` is undefined. */
    sendExportJobEvent: (event: ExportJobEventInput): Promise<PleoResult<undefined>> =>
      send({ method: 'POST', path: '/v3/export-job-events', body: event, schema: undefined }),

    listExportJobItems,

    /** Sends the bare array Pleo expects; more than 100 updates are refused without sending. */
    updateExportJobItems: async (
      jobId: string,
      updates: readonly ExportJobItemUpdateInput[],
    ): Promise<PleoResult<ItemUpdateResult>> => {
      if (updates.length > maxItemsPerUpdate) {
        return failure(
          0,
          'TOO_MANY_ITEMS',
          `Pleo accepts at most ${maxItemsPerUpdate} item updates per request; got ${updates.length}. Split them into batches.`,
        )
      }
      const path = `/v3/export-jobs/${id(jobId)}/items`
      const result = await send({
        method: 'PUT',
        path,
        body: updates,
        schema: exportJobItemUpdateV3Schema,
      })
      return map(result, (body) => ({ items: body.data, errors: body.errors }))
    },

    listExportItems,

    /**
     * Downloads a receipt from an export item's `files[].url` (absolute, pre-signed: sent without
     * Authorization), with the same retries as the API calls.
     */
    downloadReceipt: createReceiptDownloader(transport),

    allExportJobs: (query: Omit<ListExportJobsQuery, 'after' | 'before' | 'offset'> = {}) =>
      collectPages((after) => listExportJobs({ ...query, ...(after ? { after } : {}) })),

    allExportJobItems: (
      jobId: string,
      query: { status?: ExportJobItemStatus; limit?: number } = {},
    ) =>
      collectPages((after) => listExportJobItems(jobId, { ...query, ...(after ? { after } : {}) })),

    allExportItems: (jobId?: string, query: { limit?: number } = {}) =>
      collectPages((after) =>
        listExportItems({ ...query, ...(jobId ? { jobId } : {}), ...(after ? { after } : {}) }),
      ),

    listSubscriptions,

    allSubscriptions: (query: Omit<ListSubscriptionsQuery, 'after' | 'before' | 'offset'> = {}) =>
      collectPages((after) => listSubscriptions({ ...query, ...(after ? { after } : {}) })),

    listSubscriptionActivities,

    allSubscriptionActivities: (
      subscriptionId: string,
      query: Omit<ListSubscriptionActivitiesQuery, 'after' | 'before' | 'offset'> = {},
    ) =>
      collectPages((after) =>
        listSubscriptionActivities(subscriptionId, { ...query, ...(after ? { after } : {}) }),
      ),

    createSubscription: async (body: SubscriptionRequest): Promise<PleoResult<SubscriptionModel>> =>
      map(
        await send({ method: 'POST', path: '/v1/subscriptions', body, schema: oneSubscription }),
        unwrap,
      ),

    getSubscription: async (subscriptionId: string): Promise<PleoResult<SubscriptionModel>> =>
      map(
        await send({
          method: 'GET',
          path: `/v1/subscriptions/${id(subscriptionId)}`,
          schema: oneSubscription,
        }),
        unwrap,
      ),

    updateSubscription: async (
      subscriptionId: string,
      body: SubscriptionRequest,
    ): Promise<PleoResult<SubscriptionModel>> =>
      map(
        await send({
          method: 'PUT',
          path: `/v1/subscriptions/${id(subscriptionId)}`,
          body,
          schema: oneSubscription,
        }),
        unwrap,
      ),

    /** 204 with no body: `data` is undefined. */
    deleteSubscription: (subscriptionId: string): Promise<PleoResult<undefined>> =>
      send({
        method: 'DELETE',
        path: `/v1/subscriptions/${id(subscriptionId)}`,
        schema: undefined,
      }),

    /** The `whsec_` signing secret to pass to verifyWebhook (an answer without one, which
     * Pleo's schema allows, is an INVALID_RESPONSE: there is nothing to verify with). */
    getSubscriptionSecret: async (subscriptionId: string): Promise<PleoResult<string>> => {
      const result = await send({
        method: 'GET',
        path: `/v1/subscriptions/${id(subscriptionId)}/secret`,
        schema: secret,
      })
      if (!result.ok) return result
      const { secretKey } = result.data.data
      return secretKey === undefined
        ? failure(
            result.response.status,
            'INVALID_RESPONSE',
            'the answer has no secretKey',
            result.response,
          )
        : { ok: true, data: secretKey, response: result.response }
    },
  }
}

export type PleoClient = ReturnType<typeof createPleoClient>
