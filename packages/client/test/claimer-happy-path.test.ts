// The claimer's ordinary work against the in-process fake: idle with nothing to do, one job
// claimed and completed (checked in the store and the journal), oldest first whatever the list
// order, 250 items in PUT batches of at most 100, and a failing ledger entry.
import { describe, expect, it } from 'vitest'
import { createFakeLedger } from '../src/claimer/index.ts'
import { claimerSetup } from './claimer-support.ts'

describe('claimer pass', () => {
  it('is idle when the company has no pending job', async () => {
    const t = await claimerSetup()
    expect(await t.claimer().pass()).toEqual({ kind: 'idle', lostRaces: [] })
  })

  it('claims, exports and completes a job with one started and one completed', async () => {
    const t = await claimerSetup()
    const job = await t.createJob({ numberOfItems: 5 })
    const ledger = createFakeLedger({ sleep: t.sleep })
    const report = await t.claimer({ accounting: ledger }).pass()
    expect(report).toMatchObject({ kind: 'completed', jobId: job.id, status: 'completed' })
    expect(report).toMatchObject({ items: 5, failed: 0, resumed: false })
    expect(t.store.getJob(job.id)?.status).toBe('completed')
    const items = t.items(job.id)
    expect(items).toHaveLength(5)
    for (const item of items) {
      expect(item.status).toBe('successful')
      expect(item.externalId).toMatch(/^ledger-/)
      expect(item.externalUrl).toMatch(/^https:\/\/ledger\.invalid\//)
      expect(item.exportedAt).not.toBeNull()
    }
    expect(ledger.entries).toHaveLength(5)
    expect(t.events(job.id, 'started')).toHaveLength(1)
    expect(t.events(job.id, 'completed')).toHaveLength(1)
    expect(t.puts(job.id)).toHaveLength(1)
    expect(await t.claimer().pass()).toMatchObject({ kind: 'idle' })
  })

  it('lists pending jobs of its company only and follows every page', async () => {
    const t = await claimerSetup()
    await t.createJob()
    await t.claimer().pass()
    const lists = t.journal().filter((entry) => entry.path === '/v3/export-jobs')
    expect(lists.length).toBeGreaterThan(0)
    for (const entry of lists) {
      expect(entry.query).toContain(`company_id=${t.companyId}`)
      expect(entry.query).toContain('statuses=pending')
      expect(entry.query).not.toContain('in_progress')
    }
  })

  it('takes the oldest job by createdAt, whatever order the list answers in', async () => {
    const t = await claimerSetup()
    const created: { id: string }[] = []
    // Ids are random, so five jobs are in id order by chance once in 120 runs: add jobs until
    // the id order differs from the age order (the test is only meaningful then).
    const inIdOrder = () => created.every((job, n) => n === 0 || created[n - 1]!.id < job.id)
    while (created.length < 5 || (inIdOrder() && created.length < 12)) {
      created.push(await t.createJob({ numberOfItems: 1 }))
      await t.advance(10)
    }
    const byAge = created.map((job) => job.id)
    const byId = [...byAge].sort()
    expect(byId).not.toEqual(byAge)
    const claimer = t.claimer()
    const taken: string[] = []
    for (let n = 0; n < created.length; n++) {
      const report = await claimer.pass()
      if (report.kind !== 'completed') throw new Error(`expected completed, got ${report.kind}`)
      taken.push(report.jobId)
    }
    expect(taken).toEqual(byAge)
    const starts = t
      .journal()
      .filter((entry) => entry.event === 'started' && !entry.path.startsWith('/_sim'))
      .map((entry) => entry.jobId)
    expect(starts).toEqual(byAge)
  })

  it('PUTs 250 items in three batches of at most 100', async () => {
    const t = await claimerSetup()
    const job = await t.createJob({ numberOfItems: 250 })
    const report = await t.claimer().pass()
    expect(report).toMatchObject({ kind: 'completed', status: 'completed', items: 250, failed: 0 })
    const puts = t.puts(job.id)
    expect(puts).toHaveLength(3)
    expect(puts.every((entry) => entry.status === 200)).toBe(true)
    expect(t.items(job.id).every((item) => item.status === 'successful')).toBe(true)
  })

  it('completes with errors when the ledger refuses an entry, and marks that item failed', async () => {
    const t = await claimerSetup()
    const job = await t.createJob({ numberOfItems: 4 })
    const [, second] = t.items(job.id)
    const refused = second?.accountingEntryId ?? ''
    const ledger = createFakeLedger({ failIds: new Set([refused]), sleep: t.sleep })
    const report = await t.claimer({ accounting: ledger }).pass()
    expect(report).toMatchObject({ kind: 'completed', status: 'completed_with_errors', failed: 1 })
    expect(t.store.getJob(job.id)?.status).toBe('completed_with_errors')
    const items = t.items(job.id)
    const failed = items.find((item) => item.accountingEntryId === refused)
    expect(failed).toMatchObject({
      status: 'failed',
      failureReasonType: 'accounting_system_validation_failure',
    })
    expect(items.filter((item) => item.status === 'successful')).toHaveLength(3)
    expect(t.events(job.id, 'completed_with_errors')).toHaveLength(1)
    expect(t.events(job.id, 'completed')).toHaveLength(0)
  })

  it('fails the job with accounting_system_unreachable when the ledger throws', async () => {
    const t = await claimerSetup()
    const job = await t.createJob({ numberOfItems: 2 })
    const ledger = createFakeLedger({ unreachable: true, sleep: t.sleep })
    const report = await t.claimer({ accounting: ledger }).pass()
    expect(report).toMatchObject({
      kind: 'failed',
      jobId: job.id,
      failureReasonType: 'accounting_system_unreachable',
    })
    expect(t.store.getJob(job.id)).toMatchObject({
      status: 'failed',
      failureReasonType: 'accounting_system_unreachable',
    })
    expect(t.events(job.id, 'failed')).toHaveLength(1)
  })
})
