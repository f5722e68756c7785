// The fidelity options of the fake (DESIGN §3): each ambiguous reading of Pleo's docs has a
// default and a switch. Shared by createApp, startFakePleo and `fake-pleo serve`.
import {
  defaultExpiresIn,
  type UnsafeMode,
  type ExpiredStatus,
  type WebhookBodyShape,
  type WebhookTimestampMode,
} from '@fake-pleo/contract'

export type ListOrder = 'id' | 'created-asc'

export type FidelityOptions = {
  /** Default expiry window in seconds for new jobs. */
  expiresIn: number
  expiredStatus: ExpiredStatus
  listOrder: ListOrder
  /**
   * Refuse unknown query parameters (and unknown fields in the event body) with a 400 naming
   * them. Aliases are not its business: see `lenient`.
   */
  strict: boolean
  /**
   * Accept the how-tos' spellings that Pleo's spec does not know (`exportJobId` for `jobId`,
   * `companyId` for `company_id`) and mark each such request in the journal (`alias`). Off, they
   * answer 400 naming the spec's field. With `strict` too: aliases accepted, anything else
   * unknown refused.
   */
  lenient: boolean
  /** Forbid pending→failed. */
  strictTransitions: boolean
  /** Demo only: check-then-act claims that let two workers win the same job. */
  unsafeClaims: boolean
  /**
   * Unsafe modes, each a deliberately broken rule (`claims`, `late-items`, `second-final`,
   * `no-expiry`, `big-batches`): departures from Pleo for demos and for proving a checker. Never
   * the default. `unsafeClaims: true` is the same as listing `claims` here.
   */
  unsafe: readonly UnsafeMode[]
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number
  /** When set, the control API (/_sim) requires `Authorization: Bearer <adminToken>`. */
  adminToken: string | undefined
  /**
   * The interface the server is bound to. Beyond loopback the fake refuses to start without
   * `adminToken`, refuses link-local and metadata webhook targets, and the control API also
   * answers requests whose `Host` names it (any `Host` for 0.0.0.0 and ::).
   */
  host: string
  /** Webhook target hosts allowed even though the link-local/metadata rule would refuse them. */
  allowWebhookTargets: readonly string[]
  /** Most live (not deleted) webhook subscriptions one company may have. */
  subscriptionLimit: number
  /** The journal keeps about this many most recent requests. */
  journalLimit: number
  /** …and about this many bytes of them (path, query and the other text; the oldest go first). */
  journalMaxBytes: number
  /**
   * Long runs: keep only the N most recent finished jobs (with their items and entries), settled
   * webhook messages (with their delivery attempts) and vendors; undefined keeps everything.
   */
  retain: number | undefined
  /** Lifetime of OAuth access tokens, in seconds of the virtual clock. */
  accessTokenTtlSeconds: number
  /** GET /oauth/authorize approves at once (no consent page). */
  oauthAutoApprove: boolean
  /**
   * What `webhook-timestamp` follows: `wall` (real time, so receivers' ±5 minute check holds after
   * the virtual clock moved) or `virtual` (the virtual clock, for fully simulated runs). Retries are
   * scheduled on the virtual clock either way.
   */
  webhookTimestamps: WebhookTimestampMode
  /** `wrapped`: deliveries carry the doc example's literal body `{webhook-id, …, payload}`. */
  webhookBody: WebhookBodyShape
}

export const defaultFidelity: FidelityOptions = {
  expiresIn: defaultExpiresIn,
  expiredStatus: 'expired',
  listOrder: 'id',
  strict: false,
  lenient: false,
  strictTransitions: false,
  unsafeClaims: false,
  unsafe: [],
  bodyLimitBytes: 1024 * 1024,
  adminToken: undefined,
  host: '127.0.0.1',
  allowWebhookTargets: [],
  subscriptionLimit: 1000,
  journalLimit: 100_000,
  journalMaxBytes: 16 * 1024 * 1024,
  retain: undefined,
  accessTokenTtlSeconds: 900,
  oauthAutoApprove: false,
  webhookTimestamps: 'wall',
  webhookBody: 'plain',
}

/** Whether `mode` is on (read at each request, so a running fake can be switched). */
export function isUnsafe(
  options: Pick<FidelityOptions, 'unsafe' | 'unsafeClaims'>,
  mode: UnsafeMode,
): boolean {
  return options.unsafe.includes(mode) || (mode === 'claims' && options.unsafeClaims)
}
