// Outbox leases (decision 0020): a claimed message carries its claimer's owner id and a real-time
// expiry. Another dispatcher on the same database neither claims it nor releases it while the
// lease holds; once it has run out (the holder crashed), the message is pending again and is
// claimed once. A holder whose message was taken over does not settle it; renewing keeps a lease;
// releasing on halt hands it back at once; a row left `sending` by a version without leases
// counts as expired.
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { createClock } from '../clock.ts'
import { seededIds } from '../ids.ts'
import { createCompany } from '../services/companies.ts'
import { createSubscription } from '../services/subscriptions.ts'
import { defaultFidelity } from '../options.ts'
import { createSqliteStore } from './sqlite-store.ts'
import type { OutboxRow } from './webhook-store.ts'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const t0 = Date.UTC(2026, 3, 1, 9, 0, 0)
const wall = 1_000_000
const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function setup(messages = 3) {
  const dir = mkdtempSync(join(tmpdir(), 'fake-pleo-leases-'))
  dirs.push(dir)
  const path = join(dir, 'state.db')
  const open = () =>
    createSqliteStore({ path, expiredStatus: 'expired', rules: { strictTransitions: false } })
  const store = open()
  const clock = createClock('manual', () => t0)
  const deps = { store, clock, ids: seededIds('leases'), options: defaultFidelity }
  const { company } = createCompany(deps, {})
  createSubscription(deps, company.id, {
    endpointUrl: 'https://hooks.example.com/in',
    eventTypes: ['v1.export-job.created'],
    status: 'ACTIVE',
  })
  for (let i = 0; i < messages; i++) {
    const event = { eventType: 'v1.export-job.created' as const, body: `{"n":${i}}` }
    store.webhooks.enqueue({ ...event, companyId: company.id, webhookId: `msg_${i}` }, t0)
  }
  return { store, path, open }
}

const delivered = (at: number) => ({
  delivery: { attempt: 1, at, status: 204, error: null, fault: null, durationMs: 1 },
  state: 'delivered' as const,
  nextAttemptAt: null,
})

const leaseOf = (path: string, id: number) => {
  const db = new Database(path, { readonly: true })
  try {
    return db
      .prepare('SELECT state, lease_owner, lease_expires_at FROM outbox WHERE id = ?')
      .get(id)
  } finally {
    db.close()
  }
}

describe('outbox leases', () => {
  it('a held lease keeps the message from a second process; an expired one hands it over once', () => {
    const { store, path, open } = setup()
    const a = store.webhooks.claimDue(t0, 10, { owner: 'A', until: wall + 1000 })
    expect(a.map((r) => r.webhookId)).toEqual(['msg_0', 'msg_1', 'msg_2'])
    expect(leaseOf(path, a[0]?.id ?? 0)).toEqual({
      state: 'sending',
      lease_owner: 'A',
      lease_expires_at: wall + 1000,
    })

    // A second process on the same file, while A's lease holds: nothing to release or claim.
    const second = open()
    expect(second.webhooks.releaseExpiredLeases(wall + 999)).toBe(0)
    expect(second.webhooks.claimDue(t0, 10, { owner: 'B', until: wall + 1999 })).toEqual([])

    // A renews; the old expiry passes without effect. A then crashes and the lease runs out.
    expect(store.webhooks.renewLeases({ owner: 'A', until: wall + 2000 })).toBe(3)
    expect(second.webhooks.releaseExpiredLeases(wall + 1500)).toBe(0)
    expect(second.webhooks.releaseExpiredLeases(wall + 2000)).toBe(3)
    const b = second.webhooks.claimDue(t0, 10, { owner: 'B', until: wall + 3000 })
    expect(b.map((r) => r.webhookId)).toEqual(['msg_0', 'msg_1', 'msg_2'])
    expect(second.webhooks.claimDue(t0, 10, { owner: 'C', until: wall + 3000 })).toEqual([])

    // A's late result is recorded as an attempt but does not settle what B now holds.
    const [first] = a as [OutboxRow]
    store.webhooks.recordAttempt(first, delivered(t0), 'A')
    expect(leaseOf(path, first.id)).toMatchObject({ state: 'sending', lease_owner: 'B' })
    second.webhooks.recordAttempt(first, delivered(t0), 'B')
    expect(leaseOf(path, first.id)).toEqual({
      state: 'delivered',
      lease_owner: null,
      lease_expires_at: null,
    })
    expect(store.webhooks.listDeliveries(0, 10).map((d) => d.webhookId)).toEqual(['msg_0', 'msg_0'])
    second.close()
    store.close()
  })

  it('releasing an owner’s leases (halt) makes its messages pending at once', () => {
    const { store, path } = setup(2)
    const rows = store.webhooks.claimDue(t0, 10, { owner: 'A', until: wall + 60_000 })
    expect(store.webhooks.releaseLeases('B')).toBe(0)
    expect(store.webhooks.releaseLeases('A')).toBe(2)
    expect(leaseOf(path, rows[0]?.id ?? 0)).toEqual({
      state: 'pending',
      lease_owner: null,
      lease_expires_at: null,
    })
    expect(store.webhooks.claimDue(t0, 10, { owner: 'B', until: wall }).length).toBe(2)
    store.close()
  })

  it('a message left sending without a lease (an older version crashed) counts as expired', () => {
    const { store, path, open } = setup(1)
    store.close()
    const db = new Database(path)
    db.prepare(
      `UPDATE outbox SET state = 'sending', lease_owner = NULL, lease_expires_at = NULL`,
    ).run()
    db.close()
    const reopened = open()
    expect(reopened.webhooks.releaseExpiredLeases(0)).toBe(1)
    expect(reopened.webhooks.claimDue(t0, 10, { owner: 'B', until: wall }).length).toBe(1)
    reopened.close()
  })
})
