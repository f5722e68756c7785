// What the store remembers between requests (decisions 0023, 0030) never hides a change: the API
// keys it has looked up, the next expiry time, the jobs it has read and the buffered journal,
// each checked against a second connection to the same file (whose commits only PRAGMA
// data_version reveals) and against changes made through the same store.
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { createCompany } from '../services/companies.ts'
import { createJob } from '../services/jobs.ts'
import {
  journalEntry,
  openTestStore,
  removeTempDirs,
  storeDeps,
  t0,
  tempDatabasePath,
} from './test-stores.ts'

afterEach(removeTempDirs)

function twoConnections() {
  const path = tempDatabasePath('fake-pleo-remembered-')
  const open = (name: string) => storeDeps(openTestStore(path), name)
  return { path, first: open('first'), second: open('second') }
}

describe('remembered API keys', () => {
  it('a key unknown to one connection is found once another connection creates it', () => {
    const { first, second } = twoConnections()
    const key = 'plp_CreatedLaterByTheOtherProcess000001'
    expect(first.store.findApiKey(key)).toBeUndefined()
    createCompany(second, { apiKey: key, scopes: ['export-jobs:read'] })
    expect(first.store.findApiKey(key)?.scopes).toEqual(['export-jobs:read'])
    first.store.close()
    second.store.close()
  })

  it('a reset back to a baseline without the key makes it unknown again', () => {
    const { first, second } = twoConnections()
    first.store.saveBaseline()
    const { apiKey } = createCompany(first, {})
    expect(first.store.findApiKey(apiKey)).toBeDefined()
    expect(first.store.restoreBaseline()).toBe(true)
    expect(first.store.findApiKey(apiKey)).toBeUndefined()
    first.store.close()
    second.store.close()
  })

  it('hands out a copy: changing the scopes it returned does not change the next answer', () => {
    const { first, second } = twoConnections()
    const { apiKey } = createCompany(first, { scopes: ['export-jobs:read'] })
    first.store.findApiKey(apiKey)?.scopes.push('export-jobs:write')
    expect(first.store.findApiKey(apiKey)?.scopes).toEqual(['export-jobs:read'])
    first.store.close()
    second.store.close()
  })
})

describe('remembered next expiry', () => {
  it('expires a job another connection created after this one last looked', () => {
    const { first, second } = twoConnections()
    const { company } = createCompany(first, {})
    // Nothing open yet: the first connection remembers "no expiry".
    expect(first.store.expireDue(t0 + 7_200_000)).toEqual([])
    const job = createJob(second, { companyId: company.id, expiresIn: 60 })
    const expired = first.store.expireDue(t0 + 61_000)
    expect(expired.map((j) => j.id)).toEqual([job.id])
    expect(second.store.getJob(job.id)?.status).toBe('expired')
    first.store.close()
    second.store.close()
  })

  it('expires a job created through the same store after an empty check', () => {
    const { first, second } = twoConnections()
    const { company } = createCompany(first, {})
    expect(first.store.expireDue(t0)).toEqual([])
    const job = createJob(first, { companyId: company.id, expiresIn: 60 })
    expect(first.store.expireDue(t0 + 59_000)).toEqual([])
    expect(first.store.expireDue(t0 + 60_000).map((j) => j.id)).toEqual([job.id])
    first.store.close()
    second.store.close()
  })
})

describe('remembered jobs', () => {
  it('a job read by one connection shows the claim another connection made', () => {
    const { first, second } = twoConnections()
    const { company } = createCompany(first, {})
    const job = createJob(first, { companyId: company.id })
    expect(first.store.getJob(job.id)?.status).toBe('pending')
    expect(second.store.applyEvent({ jobId: job.id, event: 'started' }, t0).ok).toBe(true)
    expect(first.store.getJob(job.id)?.status).toBe('in_progress')
    first.store.close()
    second.store.close()
  })

  it('shows every change made through the same store: an event, an expiry, a reset', () => {
    const { first, second } = twoConnections()
    first.store.saveBaseline()
    const { company } = createCompany(first, {})
    const job = createJob(first, { companyId: company.id, expiresIn: 60 })
    expect(first.store.getJob(job.id)?.status).toBe('pending')
    expect(first.store.applyEvent({ jobId: job.id, event: 'started' }, t0 + 1000).ok).toBe(true)
    expect(first.store.getJob(job.id)).toMatchObject({
      status: 'in_progress',
      lastUpdatedAt: t0 + 1000,
    })
    expect(first.store.expireDue(t0 + 61_000).map((j) => j.id)).toEqual([job.id])
    expect(first.store.getJob(job.id)?.status).toBe('expired')
    expect(first.store.restoreBaseline()).toBe(true)
    expect(first.store.getJob(job.id)).toBeUndefined()
    first.store.close()
    second.store.close()
  })

  it('a job unknown to one connection is found once another connection creates it', () => {
    const { first, second } = twoConnections()
    const { company } = createCompany(first, {})
    const id = '6d1f3a52-0c4e-4b8e-9a47-2f1d5c3b7e90'
    expect(first.store.getJob(id)).toBeUndefined()
    createJob(second, { companyId: company.id, id })
    expect(first.store.getJob(id)?.companyId).toBe(company.id)
    first.store.close()
    second.store.close()
  })

  it('hands out a copy: changing the job it returned does not change the next answer', () => {
    const { first, second } = twoConnections()
    const { company } = createCompany(first, {})
    const job = createJob(first, { companyId: company.id })
    const given = first.store.getJob(job.id)
    if (!given) throw new Error('job not found')
    given.status = 'failed'
    expect(first.store.getJob(job.id)?.status).toBe('pending')
    first.store.close()
    second.store.close()
  })
})

describe('buffered journal', () => {
  it('every read of the journal sees the entries appended before it', () => {
    const { first, second } = twoConnections()
    first.store.appendJournal(journalEntry('/a'))
    first.store.appendJournal(journalEntry('/b'))
    expect(first.store.listJournal(0, 10).map((e) => e.path)).toEqual(['/a', '/b'])
    first.store.appendJournal(journalEntry('/c'))
    const snapshot = first.store.snapshot()
    expect(snapshot.journal?.map((row) => row.path)).toEqual(['/a', '/b', '/c'])
    first.store.close()
    second.store.close()
  })

  it('is in the file after a turn of the event loop, and after close', async () => {
    const { path, first, second } = twoConnections()
    const reader = new Database(path, { readonly: true })
    const paths = () =>
      (reader.prepare('SELECT path FROM journal ORDER BY id').all() as { path: string }[]).map(
        (row) => row.path,
      )
    try {
      first.store.appendJournal(journalEntry('/turn'))
      await new Promise((resolve) => setImmediate(resolve))
      expect(paths()).toEqual(['/turn'])
      first.store.appendJournal(journalEntry('/closing'))
      first.store.close()
      expect(paths()).toEqual(['/turn', '/closing'])
    } finally {
      reader.close()
      second.store.close()
    }
  })

  it('keeps the order of the requests across the rows written by one INSERT', () => {
    const { first, second } = twoConnections()
    // 40: two statements of 16 rows and 8 rows one by one.
    const paths = Array.from({ length: 40 }, (_, i) => `/r/${i}`)
    for (const path of paths) first.store.appendJournal(journalEntry(path))
    const listed = first.store.listJournal(0, 100)
    expect(listed.map((e) => e.path)).toEqual(paths)
    expect(listed.map((e) => e.id)).toEqual([...listed.map((e) => e.id)].sort((a, b) => a - b))
    first.store.close()
    second.store.close()
  })

  it('writes at once when many entries wait, without a turn of the event loop', () => {
    const { path, first, second } = twoConnections()
    const reader = new Database(path, { readonly: true })
    try {
      for (let i = 0; i < 300; i++) first.store.appendJournal(journalEntry(`/r/${i}`))
      const written = reader.prepare('SELECT COUNT(*) FROM journal').pluck().get() as number
      // Not all 300 wait for the event loop: a full batch went to the file already.
      expect(written).toBeGreaterThan(0)
      expect(written).toBeLessThan(300)
    } finally {
      reader.close()
      first.store.close()
      second.store.close()
    }
  })
})
