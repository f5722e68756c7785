// The SQLite schema and its migrations, versioned with PRAGMA user_version. Each migration runs
// once, in order, inside a transaction.
import type Database from 'better-sqlite3'
import { hashSecret } from './oauth-store.ts'

/** A random version-4 UUID, evaluated per row (SQLite has no uuid function). */
const randomUuidSql = `lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
  || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-'
  || hex(randomblob(6)))`
// The journal marks requests that used a how-to alias; exported_at becomes the UTC text the
// integration sent (fraction kept), converted from the epoch milliseconds stored before.
const aliasAndExportedAtText = `
  ALTER TABLE journal ADD COLUMN alias TEXT;
  UPDATE export_job_items SET exported_at =
    CASE WHEN exported_at % 1000 = 0
      THEN strftime('%Y-%m-%dT%H:%M:%SZ', exported_at / 1000, 'unixepoch')
      ELSE strftime('%Y-%m-%dT%H:%M:%fZ', exported_at / 1000.0, 'unixepoch')
    END
  WHERE typeof(exported_at) = 'integer';
  `

// Subscription activities (what GET /v1/subscriptions/{id}/activities lists), and a creation
// sequence that orders subscriptions created in the same millisecond. Subscriptions made before
// this version get their CREATE (and DELETE) activity back-filled with a fresh random id.
const subscriptionActivities = `
  ALTER TABLE subscriptions ADD COLUMN seq INTEGER;
  UPDATE subscriptions SET seq = rowid;
  CREATE UNIQUE INDEX subscriptions_by_seq ON subscriptions(seq);
  CREATE TABLE subscription_activities (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    subscription_id TEXT NOT NULL REFERENCES subscriptions(id),
    operation_type TEXT NOT NULL,
    description TEXT NOT NULL,
    actor_urn TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX subscription_activities_by_subscription
    ON subscription_activities(subscription_id, created_at);
  INSERT INTO subscription_activities
    (id, subscription_id, operation_type, description, actor_urn, created_at)
    SELECT ${randomUuidSql}, id, 'CREATE', 'Subscription created',
      'urn:pleo:company:' || company_id, created_at
    FROM subscriptions ORDER BY seq;
  INSERT INTO subscription_activities
    (id, subscription_id, operation_type, description, actor_urn, created_at)
    SELECT ${randomUuidSql}, id, 'DELETE', 'Subscription deleted',
      COALESCE(deleted_by, 'urn:pleo:company:' || company_id), deleted_at
    FROM subscriptions WHERE deleted_at IS NOT NULL ORDER BY deleted_at, seq;
  `

// Outbox leases: the dispatcher that claims a message writes its owner id and a real-time expiry
// and renews it while the attempt runs; another process sends the message again only once the
// lease has run out (its holder crashed). Rows left `sending` by an older version have no lease
// and count as expired (decision 0020).
const outboxLeases = `
  ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
  ALTER TABLE outbox ADD COLUMN lease_expires_at INTEGER;
  CREATE INDEX outbox_leases ON outbox(lease_expires_at) WHERE state = 'sending';
`

// API keys are kept only as SHA-256 hashes, as OAuth secrets already were: a database file (or a
// snapshot) holds no usable key. Keys stored in plaintext by earlier versions are hashed in place
// (sha256_hex is registered by migrate), so they keep working.
const hashedApiKeys = `
  CREATE TABLE api_keys_hashed (
    key_hash TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies(id),
    scopes TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  INSERT INTO api_keys_hashed (key_hash, company_id, scopes, created_at)
    SELECT sha256_hex(key), company_id, scopes, created_at FROM api_keys;
  DROP TABLE api_keys;
  ALTER TABLE api_keys_hashed RENAME TO api_keys;
  CREATE INDEX api_keys_by_company ON api_keys(company_id, created_at);
  `

// Accounting entries are stored by their origin (decision 0025): the company, the date and the
// vendor-based bookkeeping of the job that first exported them, from which (with the id) the
// entry's body is generated when it is read, as it was generated when the job was made. Rows of
// earlier versions keep the body they stored (`payload`), so they answer as before. One B-tree:
// the id is the key (WITHOUT ROWID). Rebuilt with foreign keys off (see migrate): export job
// items refer to this table by name, and find the new one under it.
const compactAccountingEntries = `
  CREATE TABLE accounting_entries_compact (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies(id),
    payload TEXT,
    date INTEGER,
    vendor_based_bookkeeping INTEGER
  ) WITHOUT ROWID;
  INSERT INTO accounting_entries_compact (id, company_id, payload)
    SELECT id, company_id, payload FROM accounting_entries;
  DROP TABLE accounting_entries;
  ALTER TABLE accounting_entries_compact RENAME TO accounting_entries;
  `

const migrations: readonly string[] = [
  `
  CREATE TABLE companies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    contra_accounts_missing INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE api_keys (
    key TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies(id),
    scopes TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE accounting_entries (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies(id),
    payload TEXT NOT NULL
  );
  CREATE TABLE export_jobs (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies(id),
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT,
    started_at INTEGER,
    completed_at INTEGER,
    last_updated_at INTEGER NOT NULL,
    expires_in INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    expired_at INTEGER,
    failure_reason TEXT,
    failure_reason_type TEXT,
    is_interactive INTEGER NOT NULL,
    number_of_items INTEGER NOT NULL,
    vendor_based_bookkeeping INTEGER NOT NULL
  );
  CREATE INDEX export_jobs_by_company ON export_jobs(company_id, status);
  CREATE INDEX export_jobs_open_by_expiry ON export_jobs(expires_at)
    WHERE status IN ('pending', 'in_progress');
  CREATE TABLE export_job_items (
    job_id TEXT NOT NULL REFERENCES export_jobs(id),
    seq INTEGER NOT NULL,
    accounting_entry_id TEXT NOT NULL REFERENCES accounting_entries(id),
    status TEXT NOT NULL,
    exported_at INTEGER,
    external_id TEXT,
    external_url TEXT,
    failure_reason TEXT,
    failure_reason_type TEXT,
    PRIMARY KEY (job_id, accounting_entry_id)
  );
  CREATE UNIQUE INDEX export_job_items_by_seq ON export_job_items(job_id, seq);
  CREATE TABLE journal (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    query TEXT NOT NULL,
    status INTEGER NOT NULL,
    company_id TEXT,
    job_id TEXT,
    event TEXT,
    duration_ms REAL NOT NULL
  );
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  `
  CREATE TABLE subscriptions (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies(id),
    endpoint_url TEXT NOT NULL,
    event_types TEXT NOT NULL,
    custom_headers TEXT,
    endpoint_auth TEXT,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by TEXT
  );
  CREATE INDEX subscriptions_by_company ON subscriptions(company_id);
  CREATE TABLE subscription_secrets (
    subscription_id TEXT NOT NULL REFERENCES subscriptions(id),
    secret TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    retired_at INTEGER,
    PRIMARY KEY (subscription_id, secret)
  );
  CREATE TABLE vendors (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies(id),
    payload TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id TEXT NOT NULL,
    subscription_id TEXT NOT NULL REFERENCES subscriptions(id),
    event_type TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    state TEXT NOT NULL
  );
  CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE state = 'pending';
  CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    outbox_id INTEGER NOT NULL REFERENCES outbox(id),
    webhook_id TEXT NOT NULL,
    subscription_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    at INTEGER NOT NULL,
    status INTEGER,
    error TEXT,
    fault TEXT,
    duration_ms REAL NOT NULL
  );
  ALTER TABLE journal ADD COLUMN fault TEXT;
  `,
  `
  CREATE TABLE oauth_clients (
    client_id TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    redirect_uris TEXT NOT NULL,
    scopes TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE oauth_codes (
    code_hash TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES oauth_clients(client_id),
    redirect_uri TEXT NOT NULL,
    code_challenge TEXT NOT NULL,
    scopes TEXT NOT NULL,
    grant_id TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
  );
  CREATE TABLE oauth_tokens (
    token_hash TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    client_id TEXT NOT NULL REFERENCES oauth_clients(client_id),
    company_id TEXT NOT NULL,
    grant_id TEXT NOT NULL,
    scopes TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used INTEGER NOT NULL DEFAULT 0,
    revoked INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX oauth_tokens_by_grant ON oauth_tokens(grant_id);
  `,
  subscriptionActivities,
  aliasAndExportedAtText,
  outboxLeases,
  hashedApiKeys,
  compactAccountingEntries,
]

/** Migrations that rebuild a table other tables refer to. */
const rebuilds = new Set([compactAccountingEntries])

export const schemaVersion = migrations.length

/** The version at which the journal gained `alias` and exported_at became text. */
/** The version that added subscription activities (tests upgrade from the one before). */
export const subscriptionActivitiesVersion = migrations.indexOf(subscriptionActivities) + 1
export const aliasAndExportedAtTextVersion = migrations.indexOf(aliasAndExportedAtText) + 1
/** The version from which API keys are stored hashed. */
export const hashedApiKeysVersion = migrations.indexOf(hashedApiKeys) + 1
/** The version from which accounting entries are stored by their origin, not their body. */
export const compactAccountingEntriesVersion = migrations.indexOf(compactAccountingEntries) + 1

/** Tables whose rows make up the server's state (for snapshots and reset). */
export const stateTables = [
  'companies',
  'api_keys',
  'oauth_clients',
  'oauth_codes',
  'oauth_tokens',
  'accounting_entries',
  'export_jobs',
  'export_job_items',
  'subscriptions',
  'subscription_secrets',
  'subscription_activities',
  'vendors',
  'outbox',
  'deliveries',
  'journal',
  'meta',
] as const

/** Brings the database to `target` (default: the newest version); tests stop earlier to check
 * an upgrade. */
export function migrate(db: Database.Database, target = schemaVersion): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > schemaVersion) {
    throw new Error(
      `database schema version ${current} is newer than this fake-pleo understands (${schemaVersion})`,
    )
  }
  db.function('sha256_hex', { deterministic: true }, (value: unknown) => hashSecret(String(value)))
  // Rows a migration drops (plaintext keys) are overwritten, not left in free pages of the file.
  const secureDelete = db.pragma('secure_delete', { simple: true }) as number
  // A migration may rebuild a table others refer to (SQLite's documented way: foreign keys off
  // outside the transaction; such a migration must leave no more broken references than it found).
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number
  if (current < target) {
    db.pragma('secure_delete = ON')
    db.pragma('foreign_keys = OFF')
  }
  try {
    for (let version = current; version < target; version++) {
      const migration = migrations[version] ?? ''
      // Under the write lock, and only if no other process sharing the file has run it meanwhile.
      db.transaction(() => {
        if ((db.pragma('user_version', { simple: true }) as number) > version) return
        const check = rebuilds.has(migration)
        const before = check ? (db.pragma('foreign_key_check') as unknown[]).length : 0
        db.exec(migration)
        const after = check ? (db.pragma('foreign_key_check') as unknown[]).length : 0
        if (after > before) throw new Error(`migration ${version + 1} broke foreign keys`)
        db.pragma(`user_version = ${version + 1}`)
      }).immediate()
    }
  } finally {
    db.pragma(`secure_delete = ${secureDelete}`)
    db.pragma(`foreign_keys = ${foreignKeys}`)
  }
}
