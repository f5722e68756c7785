// The subscription side of the store: an activity is written in the same transaction as the
// change it records (if the activity cannot be written, the change is not made either), the
// history survives closing and reopening a database file, and a database from the version before
// activities existed is upgraded with a CREATE (and DELETE) activity per existing subscription.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { uuid } from '@fake-pleo/contract'
import { createClock } from '../clock.ts'
import { seededIds } from '../ids.ts'
import { createCompany } from '../services/companies.ts'
import { createSubscription, deleteSubscription } from '../services/subscriptions.ts'
import { defaultFidelity } from '../options.ts'
import { migrate, schemaVersion, subscriptionActivitiesVersion } from './schema.ts'
import { createSqliteStore } from './sqlite-store.ts'
import type { ActivityRecord } from './webhook-store.ts'

const t0 = Date.UTC(2026, 3, 1, 9, 0, 0)
const request = {
  endpointUrl: 'https://hooks.example.com/in',
  eventTypes: ['v1.export-job.created' as const],
  status: 'ACTIVE' as const,
}
const bySeq = { limit: 100, sort: [{ column: 'seq', desc: false }] }
const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-pleo-webhook-store-'))
  dirs.push(dir)
  return join(dir, 'state.db')
}

function setup(path = ':memory:', seed = 'webhook-store') {
  const store = createSqliteStore({
    path,
    expiredStatus: 'expired',
    rules: { strictTransitions: false },
  })
  const clock = createClock('manual', () => t0)
  const deps = { store, clock, ids: seededIds(seed), options: defaultFidelity }
  return { store, clock, deps }
}

describe('webhook store: activities', () => {
  it('writes the change and its activity together, or neither', () => {
    const { store, deps } = setup()
    const { company } = createCompany(deps, {})
    const { record } = createSubscription(deps, company.id, request)
    const [created] = store.webhooks.pageActivities({ subscriptionId: record.id }, bySeq).rows
    expect(created?.operationType).toBe('CREATE')

    // An activity that cannot be stored (its id is taken) takes the update down with it.
    const clash: ActivityRecord = { ...(created as ActivityRecord), operationType: 'UPDATE' }
    const changed = { ...record, endpointUrl: 'https://elsewhere.example.com/', updatedAt: t0 + 1 }
    expect(() => store.webhooks.updateSubscription(changed, clash)).toThrow(/UNIQUE/)
    expect(store.webhooks.getSubscription(record.id)).toEqual(record)

    // …and the creation of another subscription, with its secret.
    const another = { ...record, id: deps.ids.uuid() }
    expect(() => store.webhooks.createSubscription(another, 'whsec_x', clash)).toThrow(/UNIQUE/)
    expect(store.webhooks.getSubscription(another.id)).toBeUndefined()
    expect(store.webhooks.activeSecrets(another.id, t0)).toEqual([])
    expect(store.webhooks.pageActivities({ subscriptionId: record.id }, bySeq).total).toBe(1)
  })

  it('keeps the history in the database file across a restart', () => {
    const path = tempDb()
    const first = setup(path)
    const { company } = createCompany(first.deps, {})
    const { record } = createSubscription(first.deps, company.id, request)
    first.clock.advance(5000)
    deleteSubscription(first.deps, record, company.id)
    first.store.close()

    const second = setup(path, 'after-restart')
    const rows = second.store.webhooks.pageActivities({ subscriptionId: record.id }, bySeq).rows
    expect(rows.map((a) => [a.operationType, a.createdAt])).toEqual([
      ['CREATE', t0],
      ['DELETE', t0 + 5000],
    ])
    second.store.close()
  })
})

describe('webhook store: upgrading a database made before activities', () => {
  it('back-fills a CREATE per subscription and a DELETE per deleted one', () => {
    const path = tempDb()
    const old = new Database(path)
    migrate(old, subscriptionActivitiesVersion - 1)
    old.prepare(`INSERT INTO companies (id, name, created_at) VALUES ('c1', 'Old Co', 0)`).run()
    const insert = old.prepare(
      `INSERT INTO subscriptions VALUES (?, 'c1', 'https://h.example.com/', '["v1.export-job.created"]',
         NULL, NULL, 'ACTIVE', ?, ?, ?, ?)`,
    )
    insert.run('s-live', t0, t0, null, null)
    insert.run('s-gone', t0 + 1000, t0 + 2000, t0 + 2000, 'urn:pleo:company:c1')
    old.close()

    const { store, deps } = setup(path)
    const check = new Database(path, { readonly: true })
    expect(check.pragma('user_version', { simple: true })).toBe(schemaVersion)
    check.close()
    const history = (id: string) =>
      store.webhooks.pageActivities({ subscriptionId: id }, bySeq).rows
    expect(history('s-live').map((a) => [a.operationType, a.actorUrn, a.createdAt])).toEqual([
      ['CREATE', 'urn:pleo:company:c1', t0],
    ])
    expect(history('s-gone').map((a) => [a.operationType, a.createdAt])).toEqual([
      ['CREATE', t0 + 1000],
      ['DELETE', t0 + 2000],
    ])
    const ids = [...history('s-live'), ...history('s-gone')].map((a) => a.id)
    for (const id of ids) expect(uuid.safeParse(id).success, id).toBe(true)
    expect(new Set(ids).size).toBe(3)

    // A subscription made after the upgrade comes after the old ones.
    const { record } = createSubscription(deps, 'c1', request)
    expect(store.webhooks.listSubscriptions('c1').map((s) => s.id)).toEqual(['s-live', record.id])
    store.close()
  })
})
