// The claimer downloads every entry's receipts before exporting it: the ledger gets each file's
// bytes (checked against what the fake declared), the downloads carry no Authorization, and an
// entry whose receipt answers 404 is reported failed with receipt_download_failure while the
// others are exported, so the job ends completed_with_errors. A 503 on a receipt is retried.
import { createFaultEngine } from '@fake-pleo/server'
import { describe, expect, it } from 'vitest'
import type { FetchLike } from '../src/index.ts'
import { createFakeLedger } from '../src/claimer/index.ts'
import { claimerSetup } from './claimer-support.ts'

type Setup = Awaited<ReturnType<typeof claimerSetup>>

/** The export items of a job with receipts, read outside the claimer's traffic. */
async function entriesWithFiles(t: Setup, jobId: string) {
  const items = await t.client.allExportItems(jobId)
  if (!items.ok) throw new Error(JSON.stringify(items.error))
  return items.data.filter((item) => (item.files ?? []).length > 0)
}

/** A job with at least two entries that have receipts (the generator gives most entries one). */
async function jobWithReceipts(t: Setup) {
  for (;;) {
    const job = await t.createJob({ numberOfItems: 6 })
    const withFiles = await entriesWithFiles(t, job.id)
    if (withFiles.length >= 2) return { job, withFiles }
    await t.steal(job.id) // out of the way: in progress with another integration
  }
}

describe('claimer receipts', () => {
  it('downloads every receipt without Authorization and hands the files to the ledger', async () => {
    const seen: { url: string; authorization: string | null }[] = []
    const t = await claimerSetup({
      wrapFetch:
        (fetch): FetchLike =>
        async (input, init) => {
          const url = String(input)
          if (url.includes('/receipts/')) {
            seen.push({ url, authorization: new Headers(init.headers).get('authorization') })
          }
          return fetch(input, init)
        },
    })
    const { job, withFiles } = await jobWithReceipts(t)
    const ledger = createFakeLedger({ sleep: t.sleep })
    const report = await t.claimer({ accounting: ledger }).pass()
    expect(report).toMatchObject({ kind: 'completed', jobId: job.id, status: 'completed' })
    const declared = withFiles.flatMap((item) => item.files ?? [])
    expect(seen).toHaveLength(declared.length)
    expect(seen.every((request) => request.authorization === null)).toBe(true)
    // The fake's receipt route answered every download 200 (its journal, not the claimer's word).
    const downloads = t.journal().filter((entry) => entry.path.startsWith('/receipts/'))
    expect(downloads.map((entry) => entry.status)).toEqual(declared.map(() => 200))
    for (const item of withFiles) {
      const entry = ledger.entries.find((e) => e.accountingEntryId === item.accountingEntryId)
      expect(entry?.receipts.map((r) => r.size)).toEqual((item.files ?? []).map((f) => f?.size))
      expect(entry?.receipts.map((r) => r.contentType)).toEqual(
        (item.files ?? []).map((f) => f?.type),
      )
    }
  })

  it('reports an entry whose receipt answers 404 failed with receipt_download_failure and exports the rest', async () => {
    const faults = createFaultEngine()
    const t = await claimerSetup({ faults })
    const { job, withFiles } = await jobWithReceipts(t)
    const broken = withFiles[0]!.accountingEntryId
    faults.setRules({
      seed: 's',
      rules: [{ target: 'http', route: `GET /receipts/${broken}/*`, status: 404 }],
    })
    const ledger = createFakeLedger({ sleep: t.sleep })
    const report = await t.claimer({ accounting: ledger }).pass()
    expect(report).toMatchObject({ kind: 'completed', status: 'completed_with_errors', failed: 1 })
    expect(t.store.getJob(job.id)?.status).toBe('completed_with_errors')
    const items = t.items(job.id)
    expect(items.find((item) => item.accountingEntryId === broken)).toMatchObject({
      status: 'failed',
      failureReasonType: 'receipt_download_failure',
    })
    expect(items.filter((item) => item.status === 'successful')).toHaveLength(items.length - 1)
    // The entry never reached the ledger; each of its files was asked once (a 404 is not retried).
    expect(ledger.attempts).not.toContain(broken)
    const asked = t.journal().filter((entry) => entry.path.startsWith(`/receipts/${broken}/`))
    expect(asked.map((entry) => entry.status)).toEqual(withFiles[0]!.files!.map(() => 404))
    expect(t.events(job.id, 'completed_with_errors')).toHaveLength(1)
  })

  it('retries a receipt download that answers 503 and exports the entry', async () => {
    const faults = createFaultEngine()
    const t = await claimerSetup({ faults })
    const { job, withFiles } = await jobWithReceipts(t)
    const flaky = withFiles[0]!.accountingEntryId
    faults.setRules({
      seed: 's',
      rules: [{ target: 'http', route: `GET /receipts/${flaky}/*`, status: 503, count: 1 }],
    })
    const report = await t.claimer().pass()
    expect(report).toMatchObject({ kind: 'completed', jobId: job.id, status: 'completed' })
    const asked = t.journal().filter((entry) => entry.path.startsWith(`/receipts/${flaky}/`))
    expect(asked.map((entry) => entry.status)).toContain(503)
    expect(asked.at(-1)?.status).toBe(200)
  })
})
