// The webhook side of the store: subscriptions and their secrets (with rotation), the activity
// history of each subscription (written in the same transaction as the change it records, paged
// like Pleo's lists), vendors, the durable outbox of messages per subscription, and the
// deliveries journal of every attempt. Synchronous; multi-statement changes are transactions.
// `enqueue` runs inside the caller's transaction, so a job and its webhook are committed
// together or not at all. A claimed message carries a lease (owner and real-time expiry): only
// an expired lease (a crashed holder) is taken over by another dispatcher (decision 0020).
import type Database from 'better-sqlite3'
import type {
  DeliveryView,
  SubscriptionOperationType,
  SubscriptionStatus,
  WebhookEventType,
} from '@fake-pleo/contract'
import { createPaginator, type Page, type PageRequest } from './paginate.ts'

export type SubscriptionRecord = {
  id: string
  companyId: string
  endpointUrl: string
  eventTypes: WebhookEventType[]
  customHeaders: Record<string, string> | null
  /** The password is kept for signing deliveries and never shown by the API. */
  endpointAuth: {
    type: 'NONE' | 'BASIC'
    username?: string | null
    password?: string | null
  } | null
  status: SubscriptionStatus
  createdAt: number
  updatedAt: number
  deletedAt: number | null
  deletedBy: string | null
}

/** One entry of a subscription's history: who created, changed or deleted it, and when. */
export type ActivityRecord = {
  id: string
  subscriptionId: string
  operationType: SubscriptionOperationType
  description: string
  actorUrn: string
  createdAt: number
}

export type SubscriptionFilter = {
  companyId: string
  status?: SubscriptionStatus | undefined
  /** Subscriptions listing any of these (canonical) event types. */
  eventTypes?: readonly WebhookEventType[] | undefined
}

export type ActivityFilter = {
  subscriptionId: string
  operationTypes?: readonly SubscriptionOperationType[] | undefined
}

export type OutboxState = 'pending' | 'sending' | 'delivered' | 'failed' | 'aborted'

export type OutboxRow = {
  id: number
  webhookId: string
  subscriptionId: string
  eventType: WebhookEventType
  body: string
  createdAt: number
  attempts: number
  nextAttemptAt: number | null
  state: OutboxState
}

/** A delivery attempt as stored: the control API's DeliveryView with epoch milliseconds. */
export type DeliveryRecord = Omit<DeliveryView, 'at' | 'queuedAt'> & {
  outboxId: number
  at: number
  /** When the message was queued (the outbox row's creation). */
  queuedAt: number
}

export type OutgoingEvent = {
  companyId: string
  eventType: WebhookEventType
  webhookId: string
  body: string
}

const subscriptionFromRow = (row: Record<string, unknown>): SubscriptionRecord => ({
  id: row.id as string,
  companyId: row.company_id as string,
  endpointUrl: row.endpoint_url as string,
  eventTypes: JSON.parse(row.event_types as string) as WebhookEventType[],
  customHeaders: row.custom_headers
    ? (JSON.parse(row.custom_headers as string) as Record<string, string>)
    : null,
  endpointAuth: row.endpoint_auth
    ? (JSON.parse(row.endpoint_auth as string) as SubscriptionRecord['endpointAuth'])
    : null,
  status: row.status as SubscriptionStatus,
  createdAt: row.created_at as number,
  updatedAt: row.updated_at as number,
  deletedAt: row.deleted_at as number | null,
  deletedBy: row.deleted_by as string | null,
})

const subscriptionParams = (s: SubscriptionRecord) => ({
  id: s.id,
  company_id: s.companyId,
  endpoint_url: s.endpointUrl,
  event_types: JSON.stringify(s.eventTypes),
  custom_headers: s.customHeaders ? JSON.stringify(s.customHeaders) : null,
  endpoint_auth: s.endpointAuth ? JSON.stringify(s.endpointAuth) : null,
  status: s.status,
  created_at: s.createdAt,
  updated_at: s.updatedAt,
  deleted_at: s.deletedAt,
  deleted_by: s.deletedBy,
})

const activityFromRow = (row: Record<string, unknown>): ActivityRecord => ({
  id: row.id as string,
  subscriptionId: row.subscription_id as string,
  operationType: row.operation_type as SubscriptionOperationType,
  description: row.description as string,
  actorUrn: row.actor_urn as string,
  createdAt: row.created_at as number,
})

const listOrNull = (values: readonly string[] | undefined) =>
  values ? JSON.stringify(values) : null

const outboxFromRow = (row: Record<string, unknown>): OutboxRow => ({
  id: row.id as number,
  webhookId: row.webhook_id as string,
  subscriptionId: row.subscription_id as string,
  eventType: row.event_type as WebhookEventType,
  body: row.body as string,
  createdAt: row.created_at as number,
  attempts: row.attempts as number,
  nextAttemptAt: row.next_attempt_at as number | null,
  state: row.state as OutboxState,
})

const deliveryFromRow = (row: Record<string, unknown>): DeliveryRecord => ({
  id: row.id as number,
  outboxId: row.outbox_id as number,
  webhookId: row.webhook_id as string,
  subscriptionId: row.subscription_id as string,
  eventType: row.event_type as string,
  attempt: row.attempt as number,
  at: row.at as number,
  status: row.status as number | null,
  error: row.error as string | null,
  fault: row.fault as string | null,
  durationMs: row.duration_ms as number,
  queuedAt: row.queued_at as number,
})

/** Who holds the messages a dispatcher claims, and until when (real milliseconds). */
export type Lease = { owner: string; until: number }

export type AttemptResult = {
  delivery: Omit<
    DeliveryRecord,
    'id' | 'outboxId' | 'webhookId' | 'subscriptionId' | 'eventType' | 'queuedAt'
  >
  state: OutboxState
  nextAttemptAt: number | null
}

export function createWebhookStore(db: Database.Database, onChange: () => void) {
  const paginate = createPaginator(db)
  const q = {
    insertSubscription: db.prepare(
      `INSERT INTO subscriptions (id, company_id, endpoint_url, event_types, custom_headers,
         endpoint_auth, status, created_at, updated_at, deleted_at, deleted_by, seq)
       VALUES (@id, @company_id, @endpoint_url, @event_types, @custom_headers, @endpoint_auth,
         @status, @created_at, @updated_at, @deleted_at, @deleted_by,
         (SELECT COALESCE(MAX(seq), 0) + 1 FROM subscriptions))`,
    ),
    insertActivity: db.prepare(
      `INSERT INTO subscription_activities
         (id, subscription_id, operation_type, description, actor_urn, created_at)
       VALUES (@id, @subscriptionId, @operationType, @description, @actorUrn, @createdAt)`,
    ),
    updateSubscription: db.prepare(
      `UPDATE subscriptions SET endpoint_url = @endpoint_url, event_types = @event_types,
         custom_headers = @custom_headers, endpoint_auth = @endpoint_auth, status = @status,
         updated_at = @updated_at, deleted_at = @deleted_at, deleted_by = @deleted_by WHERE id = @id`,
    ),
    getSubscription: db.prepare('SELECT * FROM subscriptions WHERE id = ?'),
    listSubscriptions: db.prepare(
      'SELECT * FROM subscriptions WHERE company_id = ? AND deleted_at IS NULL ORDER BY created_at, seq',
    ),
    insertSecret: db.prepare(
      `INSERT INTO subscription_secrets (subscription_id, secret, created_at)
       VALUES (@subscriptionId, @secret, @createdAt)`,
    ),
    retireSecrets: db.prepare(
      'UPDATE subscription_secrets SET retired_at = ? WHERE subscription_id = ? AND retired_at IS NULL',
    ),
    activeSecrets: db.prepare(
      `SELECT secret FROM subscription_secrets WHERE subscription_id = ?
         AND (retired_at IS NULL OR retired_at > ?) ORDER BY created_at DESC, rowid DESC`,
    ),
    enqueue: db.prepare(
      `INSERT INTO outbox (webhook_id, subscription_id, event_type, body, created_at, next_attempt_at, state)
       SELECT @webhookId, s.id, @eventType, @body, @now, @now, 'pending' FROM subscriptions s
       WHERE s.company_id = @companyId AND s.status = 'ACTIVE' AND s.deleted_at IS NULL
         AND EXISTS (SELECT 1 FROM json_each(s.event_types) WHERE value = @eventType)`,
    ),
    anyDue: db.prepare(
      `SELECT 1 FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? LIMIT 1`,
    ),
    dueIds: db
      .prepare(
        `SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?
         ORDER BY next_attempt_at, id LIMIT ?`,
      )
      .pluck(),
    claimOne: db.prepare(
      `UPDATE outbox SET state = 'sending', lease_owner = @owner, lease_expires_at = @until
       WHERE id = @id AND state = 'pending'
       RETURNING *`,
    ),
    renewLeases: db.prepare(
      `UPDATE outbox SET lease_expires_at = @until WHERE state = 'sending' AND lease_owner = @owner`,
    ),
    releaseExpired: db.prepare(
      `UPDATE outbox SET state = 'pending', lease_owner = NULL, lease_expires_at = NULL
       WHERE state = 'sending' AND (lease_expires_at IS NULL OR lease_expires_at <= ?)`,
    ),
    releaseOwned: db.prepare(
      `UPDATE outbox SET state = 'pending', lease_owner = NULL, lease_expires_at = NULL
       WHERE state = 'sending' AND lease_owner = ?`,
    ),
    nextDue: db.prepare(`SELECT MIN(next_attempt_at) AS at FROM outbox WHERE state = 'pending'`),
    // Settles only a message this dispatcher still holds (or one released back to pending while
    // its attempt ran); a message another dispatcher took over is theirs to settle.
    settle: db.prepare(
      `UPDATE outbox SET attempts = attempts + 1, state = @state, next_attempt_at = @next,
         lease_owner = NULL, lease_expires_at = NULL
       WHERE id = @id AND (lease_owner IS @owner OR state = 'pending')`,
    ),
    insertDelivery: db.prepare(
      `INSERT INTO deliveries (outbox_id, webhook_id, subscription_id, event_type, attempt, at, status, error, fault, duration_ms)
       VALUES (@outboxId, @webhookId, @subscriptionId, @eventType, @attempt, @at, @status, @error, @fault, @durationMs)`,
    ),
    listDeliveries: db.prepare(
      `SELECT d.*, o.created_at AS queued_at FROM deliveries d LEFT JOIN outbox o ON o.id = d.outbox_id
       WHERE d.id > ? ORDER BY d.id LIMIT ?`,
    ),
    getDelivery: db.prepare(
      `SELECT d.*, o.created_at AS queued_at FROM deliveries d LEFT JOIN outbox o ON o.id = d.outbox_id
       WHERE d.id = ?`,
    ),
    getOutbox: db.prepare('SELECT * FROM outbox WHERE id = ?'),
    requeue: db.prepare(
      `UPDATE outbox SET state = 'pending', next_attempt_at = ? WHERE id = ? AND state != 'sending'`,
    ),
    pendingCount: db.prepare(
      `SELECT COUNT(*) AS n FROM outbox WHERE state IN ('pending', 'sending')`,
    ),
    insertVendor: db.prepare(
      `INSERT INTO vendors (id, company_id, payload, created_at)
       VALUES (@id, @companyId, @payload, @createdAt)`,
    ),
  }

  const changed = <T>(value: T): T => {
    onChange()
    return value
  }

  /** Marks the due rows `sending` under the lease and returns them, oldest due first. */
  const claimRows = db.transaction((now: number, limit: number, lease: Lease) => {
    const rows: OutboxRow[] = []
    for (const id of q.dueIds.all(now, limit) as number[]) {
      const row = q.claimOne.get({ id, ...lease }) as Record<string, unknown> | undefined
      if (row) rows.push(outboxFromRow(row))
    }
    return rows
  })
  // One write transaction, taken at its start (`immediate`), so no two dispatchers (in one
  // process or several sharing the file) claim the same message. An UPDATE … WHERE id IN
  // (SELECT …) RETURNING did it in one statement but cost ≈ 0.5 ms whatever it claimed (the IN
  // list's and RETURNING's temporary tables); this costs ≈ 60 µs for eight rows. Every dispatcher
  // tick ends on a claim that finds nothing, so a read of the due index (a few µs) goes first.
  const claimDue = (now: number, limit: number, lease: Lease): OutboxRow[] =>
    q.anyDue.get(now) === undefined ? [] : claimRows.immediate(now, limit, lease)

  const recordAttempt = db.transaction((row: OutboxRow, result: AttemptResult, owner: string) => {
    q.insertDelivery.run({
      outboxId: row.id,
      webhookId: row.webhookId,
      subscriptionId: row.subscriptionId,
      eventType: row.eventType,
      ...result.delivery,
    })
    q.settle.run({ id: row.id, state: result.state, next: result.nextAttemptAt, owner })
  })

  const rotateSecret = db.transaction(
    (subscriptionId: string, secret: string, now: number, retireAt: number) => {
      q.retireSecrets.run(retireAt, subscriptionId)
      q.insertSecret.run({ subscriptionId, secret, createdAt: now })
    },
  )

  const createSubscription = db.transaction(
    (record: SubscriptionRecord, secret: string, activity: ActivityRecord) => {
      q.insertSubscription.run(subscriptionParams(record))
      q.insertSecret.run({ subscriptionId: record.id, secret, createdAt: record.createdAt })
      q.insertActivity.run(activity)
    },
  )

  const updateSubscription = db.transaction(
    (record: SubscriptionRecord, activity: ActivityRecord) => {
      q.updateSubscription.run(subscriptionParams(record))
      q.insertActivity.run(activity)
    },
  )

  const pageSubscriptions = (
    filter: SubscriptionFilter,
    page: PageRequest,
  ): Page<SubscriptionRecord> => {
    const result = paginate<Record<string, unknown>>(
      {
        select: '*',
        from: `FROM subscriptions WHERE company_id = @companyId AND deleted_at IS NULL
               AND (@status IS NULL OR status = @status)
               AND (@eventTypes IS NULL OR EXISTS (
                 SELECT 1 FROM json_each(subscriptions.event_types) AS listed
                 WHERE listed.value IN (SELECT value FROM json_each(@eventTypes))))`,
        params: {
          companyId: filter.companyId,
          status: filter.status ?? null,
          eventTypes: listOrNull(filter.eventTypes),
        },
      },
      page,
    )
    return { ...result, rows: result.rows.map(subscriptionFromRow) }
  }

  const pageActivities = (filter: ActivityFilter, page: PageRequest): Page<ActivityRecord> => {
    const result = paginate<Record<string, unknown>>(
      {
        select: '*',
        from: `FROM subscription_activities WHERE subscription_id = @subscriptionId
               AND (@operationTypes IS NULL
                 OR operation_type IN (SELECT value FROM json_each(@operationTypes)))`,
        params: {
          subscriptionId: filter.subscriptionId,
          operationTypes: listOrNull(filter.operationTypes),
        },
      },
      page,
    )
    return { ...result, rows: result.rows.map(activityFromRow) }
  }

  return {
    /** The subscription, its first secret and its CREATE activity, in one transaction. */
    createSubscription: (record: SubscriptionRecord, secret: string, activity: ActivityRecord) =>
      changed(createSubscription.immediate(record, secret, activity)),
    getSubscription: (id: string): SubscriptionRecord | undefined => {
      const row = q.getSubscription.get(id) as Record<string, unknown> | undefined
      return row ? subscriptionFromRow(row) : undefined
    },
    /** Every live (not deleted) subscription of the company, oldest first. */
    listSubscriptions: (companyId: string): SubscriptionRecord[] =>
      (q.listSubscriptions.all(companyId) as Record<string, unknown>[]).map(subscriptionFromRow),
    /** One page of the company's live subscriptions (GET /v1/subscriptions). */
    pageSubscriptions,
    /** Writes the changed (or deleted) subscription and the activity recording it, atomically. */
    updateSubscription: (record: SubscriptionRecord, activity: ActivityRecord) =>
      void changed(updateSubscription.immediate(record, activity)),
    /** One page of a subscription's history (GET /v1/subscriptions/{id}/activities). */
    pageActivities,
    /** Secrets to sign with now: the current one first, then rotated ones still in grace. */
    activeSecrets: (subscriptionId: string, now: number): string[] =>
      (q.activeSecrets.all(subscriptionId, now) as { secret: string }[]).map((r) => r.secret),
    rotateSecret: (subscriptionId: string, secret: string, now: number, retireAt: number) =>
      changed(rotateSecret.immediate(subscriptionId, secret, now, retireAt)),
    /** Inside a transaction: one outbox row per matching active subscription. */
    enqueue: (event: OutgoingEvent, now: number): number =>
      q.enqueue.run({ ...event, now }).changes,
    /** Claims up to `limit` messages due at `now` (virtual) under `lease`. */
    claimDue: (now: number, limit: number, lease: Lease) => {
      const rows = claimDue(now, limit, lease)
      return rows.length > 0 ? changed(rows) : rows
    },
    /** Records an attempt made under `owner`'s lease and settles the message if still held. */
    recordAttempt: (row: OutboxRow, result: AttemptResult, owner: string) =>
      changed(recordAttempt.immediate(row, result, owner)),
    /** Extends every lease `owner` holds; returns how many. */
    renewLeases: (lease: Lease): number => q.renewLeases.run(lease).changes,
    /** Messages whose lease ran out by `wallNow` (their holder crashed) become pending again. */
    releaseExpiredLeases: (wallNow: number): number => {
      const released = q.releaseExpired.run(wallNow).changes
      return released > 0 ? changed(released) : released
    },
    /** `owner` is going away: its messages become pending again at once. */
    releaseLeases: (owner: string): number => changed(q.releaseOwned.run(owner).changes),
    nextDueAt: (): number | null => (q.nextDue.get() as { at: number | null }).at,
    pendingCount: (): number => (q.pendingCount.get() as { n: number }).n,
    listDeliveries: (after: number, limit: number): DeliveryRecord[] =>
      (q.listDeliveries.all(after, limit) as Record<string, unknown>[]).map(deliveryFromRow),
    getDelivery: (id: number): DeliveryRecord | undefined => {
      const row = q.getDelivery.get(id) as Record<string, unknown> | undefined
      return row ? deliveryFromRow(row) : undefined
    },
    getOutbox: (id: number): OutboxRow | undefined => {
      const row = q.getOutbox.get(id) as Record<string, unknown> | undefined
      return row ? outboxFromRow(row) : undefined
    },
    /** Sends the message of an earlier attempt again, now, with the same webhook-id. */
    requeue: (outboxId: number, now: number): boolean =>
      changed(q.requeue.run(now, outboxId).changes === 1),
    insertVendor: (id: string, companyId: string, payload: string, now: number) =>
      void q.insertVendor.run({ id, companyId, payload, createdAt: now }),
  }
}

export type WebhookStore = ReturnType<typeof createWebhookStore>
