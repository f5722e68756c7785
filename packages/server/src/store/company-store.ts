// Companies and their API keys. Keys are stored as SHA-256 hashes and compared in constant time;
// the keys presented are remembered (found or not) until a key write through this store or
// another connection's commit (`PRAGMA data_version`) may have changed them (decision 0023).
import { timingSafeEqual } from 'node:crypto'
import { hashSecret } from './oauth-store.ts'
import { companyFromRow, keyFromRow, type CompanyRow, type KeyRow } from './rows.ts'
import type { ApiKeyRecord, Company, NewApiKey } from './records.ts'
import type { StoreContext } from './store-context.ts'

export type CompanyStore = {
  createCompany(company: Company): void
  getCompany(id: string): Company | undefined
  hasCompanies(): boolean
  createApiKey(key: NewApiKey, now: number): void
  findApiKey(key: string): ApiKeyRecord | undefined
  listApiKeys(companyId: string): ApiKeyRecord[]
  /** Forgets the remembered keys: call after any write that can change keys (restore, reset). */
  keysChanged(): void
}

/** Presented API keys remembered (found or not); the memory is dropped whole beyond this. */
const keyCacheMax = 1024

/** Two SHA-256 hex digests compared in constant time (a missing one compares against zeros). */
function sameHash(given: string, stored: string | undefined): boolean {
  const a = Buffer.from(given, 'hex')
  const b = Buffer.from(stored ?? '0'.repeat(64), 'hex')
  return a.length === b.length && timingSafeEqual(a, b) && stored !== undefined
}

/** A caller's own copy of a remembered key record (scopes are an array it could change). */
const copyKey = (record: ApiKeyRecord | undefined) =>
  record && { companyId: record.companyId, scopes: [...record.scopes] }

export function createCompanyStore(ctx: StoreContext): CompanyStore {
  const { db, changed } = ctx
  const q = {
    insertCompany: db.prepare(
      'INSERT INTO companies (id, name, contra_accounts_missing, created_at) VALUES (@id, @name, @missing, @createdAt)',
    ),
    getCompany: db.prepare('SELECT * FROM companies WHERE id = ?'),
    anyCompany: db.prepare('SELECT 1 FROM companies LIMIT 1'),
    insertKey: db.prepare(
      `INSERT INTO api_keys (key_hash, company_id, scopes, created_at)
       VALUES (@keyHash, @companyId, @scopes, @createdAt)`,
    ),
    findKey: db.prepare('SELECT * FROM api_keys WHERE key_hash = ?'),
    keysOf: db.prepare('SELECT * FROM api_keys WHERE company_id = ? ORDER BY created_at, key_hash'),
  }
  /** Presented API key → its record (undefined: unknown), valid while keysAt holds. */
  const keyCache = new Map<string, ApiKeyRecord | undefined>()
  /** Bumped by every write that can change API keys (creation, restore, reset). */
  let keyWrites = 0
  let keysAt = ''

  return {
    createCompany: (company) =>
      void changed(q.insertCompany).run({
        id: company.id,
        name: company.name,
        missing: company.contraAccountsMissing ? 1 : 0,
        createdAt: company.createdAt,
      }),
    getCompany: (id) => {
      const row = q.getCompany.get(id) as CompanyRow | undefined
      return row ? companyFromRow(row) : undefined
    },
    hasCompanies: () => q.anyCompany.get() !== undefined,
    createApiKey: (key, now) => {
      keyWrites++
      void changed(q.insertKey).run({
        keyHash: hashSecret(key.key),
        companyId: key.companyId,
        scopes: key.scopes.join(' '),
        createdAt: now,
      })
    },
    findApiKey: (key) => {
      const at = `${keyWrites}:${ctx.dataVersion()}`
      if (at !== keysAt) {
        keyCache.clear()
        keysAt = at
      }
      if (keyCache.has(key)) return copyKey(keyCache.get(key))
      const hash = hashSecret(key)
      const row = q.findKey.get(hash) as KeyRow | undefined
      const found = sameHash(hash, row?.key_hash) && row ? keyFromRow(row) : undefined
      if (keyCache.size >= keyCacheMax) keyCache.clear()
      keyCache.set(key, found)
      return copyKey(found)
    },
    listApiKeys: (companyId) => (q.keysOf.all(companyId) as KeyRow[]).map(keyFromRow),
    keysChanged: () => {
      keyWrites++
    },
  }
}
