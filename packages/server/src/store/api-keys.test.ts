// Regressions for "API keys stored in plaintext": the store keeps only the SHA-256 of each key,
// so neither the database file nor a snapshot holds a usable key, and looks a key up by its hash
// (compared in constant time). A database written before keys were hashed is migrated in place:
// its keys keep working and their plaintext is gone from the file.
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { hashedApiKeysVersion, migrate } from './schema.ts'
import { createSqliteStore } from './sqlite-store.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-pleo-keys-'))
  dirs.push(dir)
  return join(dir, 'keys.db')
}

const company = '11111111-1111-4111-8111-111111111111'
const key = 'plp_PlaintextKeyThatMustNotBeStored01'
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')

/** Every byte of the database file and its WAL, as latin1 text. */
const fileText = (path: string) =>
  [path, `${path}-wal`]
    .map((p) => {
      try {
        return readFileSync(p).toString('latin1')
      } catch {
        return ''
      }
    })
    .join('')

const open = (path: string) =>
  createSqliteStore({ path, expiredStatus: 'expired', rules: { strictTransitions: false } })

describe('API keys at rest', () => {
  it('stores the hash, never the key, and finds the key by it', () => {
    const path = tempDb()
    const store = open(path)
    store.createCompany({ id: company, name: 'Hash', contraAccountsMissing: false, createdAt: 0 })
    store.createApiKey({ key, companyId: company, scopes: ['export-jobs:read'] }, 0)
    expect(store.snapshot().api_keys).toEqual([
      { key_hash: sha256(key), company_id: company, scopes: 'export-jobs:read', created_at: 0 },
    ])
    expect(store.findApiKey(key)).toEqual({ companyId: company, scopes: ['export-jobs:read'] })
    expect(store.findApiKey(`${key}x`)).toBeUndefined()
    expect(store.findApiKey(sha256(key))).toBeUndefined()
    store.close()
    expect(fileText(path)).not.toContain(key)
    expect(fileText(path)).toContain(sha256(key))
  })

  it('migrates plaintext keys of an older database: they keep working, the plaintext goes', () => {
    const path = tempDb()
    const db = new Database(path)
    migrate(db, hashedApiKeysVersion - 1)
    db.prepare('INSERT INTO companies (id, name, created_at) VALUES (?, ?, 0)').run(company, 'Old')
    db.prepare(
      "INSERT INTO api_keys (key, company_id, scopes, created_at) VALUES (?, ?, 'export-jobs:read export-jobs:write', 5)",
    ).run(key, company)
    db.close()

    const store = open(path)
    expect(store.findApiKey(key)).toEqual({
      companyId: company,
      scopes: ['export-jobs:read', 'export-jobs:write'],
    })
    expect(store.listApiKeys(company)).toHaveLength(1)
    expect(JSON.stringify(store.snapshot())).not.toContain(key)
    store.close()
    expect(fileText(path)).not.toContain(key)
  })
})
