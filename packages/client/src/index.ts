// @fake-pleo/client: a typed client for Pleo's Export API v3 and Subscriptions API (results, not
// throws; retries; pagination), Svix webhook verification, and the fake's control client
// (createControl). Depends on the contract only, so it works against the real Pleo API as well as
// the fake, and never loads the server.
export {
  createPleoClient,
  type ExportJobEventInput,
  type ExportJobItemUpdateInput,
  type ItemUpdateResult,
  type ListExportJobsQuery,
  type ListSubscriptionActivitiesQuery,
  type ListSubscriptionsQuery,
  type PageQuery,
  type PleoClient,
  type PleoClientOptions,
  type SubscriptionActivityPage,
  type SubscriptionPage,
  type SubscriptionRequest,
} from './client.ts'
export { createControl, ControlError, type Control } from './control.ts'
export type {
  ClockView,
  ControlEvent,
  DeliveryView,
  FaultConfig,
  FaultRule,
  FaultState,
  JournalRecord,
  OAuthClientView,
  PressExport,
} from '@fake-pleo/contract'
export { createReceiptDownloader, type Receipt, type ReceiptDownloader } from './download.ts'
export { collectPages, defaultMaxPages, pages, type FetchPage, type Page } from './pagination.ts'
export { toQueryString, type QueryValue } from './query.ts'
export {
  clientErrorTypes,
  failure,
  type ClientErrorType,
  type PleoError,
  type PleoResult,
} from './result.ts'
export {
  backoffMs,
  defaultRetry,
  isRetryableStatus,
  retryAfterMs,
  type RetryOptions,
} from './retry.ts'
export type { Auth, FetchLike } from './transport.ts'
export {
  checkWebhook,
  checkWebhookSecret,
  verifyWebhook,
  webhookHeader,
  webhookProblemText,
  type VerifyWebhookOptions,
  type VerifyWebhookResult,
  type WebhookCheck,
  type WebhookHeaders,
  type WebhookProblem,
} from './verify-webhook.ts'
export {
  createTokenProvider,
  TokenRefreshError,
  type TokenProvider,
  type TokenProviderOptions,
  type TokenSet,
} from './token-provider.ts'
