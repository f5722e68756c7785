// Processing one claimed job: fetch every job item and export item, download each entry's receipts
// (every file of `files[]`), hand the entry and its receipts to the accounting system, and PUT the
// outcomes back in batches of at most 100. An entry whose receipt cannot be downloaded (after the
// client's retries) is reported `failed` with `receipt_download_failure` and not exported; the
// others go on, so the job ends completed_with_errors. Keep-alive: before
// each entry, if `now()` is past `lastUpdatedAt + expiresIn - safetyMargin`, the pending batch is
// flushed first (or, when empty, the next entry is marked in_progress) so the job never expires
// mid-run. A 422 EXPORT_JOB_STATUS_UNPROCESSABLE on PUT means the job expired anyway.
import {
  maxItemsPerUpdate,
  type ExportItemV3,
  type ExportJobFailureReasonType,
} from '@fake-pleo/contract'
import type { ExportJobItemUpdateInput, PleoClient } from '../client.ts'
import type { Receipt, ReceiptDownloader } from '../download.ts'
import type { PleoError } from '../result.ts'
import type { AccountingSystem, ClaimerLog, RecordOutcome } from './types.ts'

export type ProcessDeps = {
  client: PleoClient
  accounting: AccountingSystem
  /** Downloads one receipt (a `files[].url`). */
  receipts: ReceiptDownloader
  log: ClaimerLog
  now: () => number
  safetyMarginSeconds: number
}

export type ProcessOutcome =
  | { kind: 'done'; items: number; failed: number }
  | { kind: 'expired' }
  | {
      kind: 'unrecoverable'
      failureReasonType: ExportJobFailureReasonType
      failureReason: string
      error?: PleoError
    }

export type JobClock = { lastUpdatedAt: number; expiresIn: number }

const describe = (error: PleoError) => `${error.status} ${error.type}: ${error.message}`

/**
 * A downloader that asks for nothing and answers an empty file: for simulations that test claims,
 * not exports (the race engine), where receipt traffic would only crowd the history.
 */
export const skipReceipts: ReceiptDownloader = async (url) => ({
  ok: true,
  data: { url, contentType: '', bytes: new Uint8Array() },
  response: new Response(null, { status: 204 }),
})

/** Every receipt of `item`, or the first download that failed. */
async function downloadReceipts(
  download: ReceiptDownloader,
  item: ExportItemV3,
): Promise<{ ok: true; receipts: Receipt[] } | { ok: false; url: string; error: PleoError }> {
  const urls = (item.files ?? []).flatMap((file) => (file ? [file.url] : []))
  const results = await Promise.all(urls.map(async (url) => ({ url, result: await download(url) })))
  const receipts: Receipt[] = []
  for (const { url, result } of results) {
    if (!result.ok) return { ok: false, url, error: result.error }
    receipts.push(result.data)
  }
  return { ok: true, receipts }
}

export async function processJob(
  deps: ProcessDeps,
  jobId: string,
  clock: JobClock,
): Promise<ProcessOutcome> {
  const { client, accounting, log, now } = deps
  const unreachable = (error: PleoError): ProcessOutcome => ({
    kind: 'unrecoverable',
    failureReasonType: 'service_unreachable',
    failureReason: `Pleo could not be reached: ${describe(error)}`,
    error,
  })

  const jobItems = await client.allExportJobItems(jobId)
  if (!jobItems.ok) return unreachable(jobItems.error)
  const exportItems = await client.allExportItems(jobId)
  if (!exportItems.ok) return unreachable(exportItems.error)

  const items = jobItems.data.length
  let failed = jobItems.data.filter((item) => item.status === 'failed').length
  const toDo = new Set(
    jobItems.data
      .filter((item) => item.status === 'pending' || item.status === 'in_progress')
      .map((item) => item.accountingEntryId),
  )
  const entries = exportItems.data.filter((item) => toDo.has(item.accountingEntryId))
  log('info', 'processing job', { jobId, items, toDo: entries.length })

  let lastUpdatedAt = clock.lastUpdatedAt
  let reported = 0
  let batch: ExportJobItemUpdateInput[] = []
  const deadline = () => lastUpdatedAt + (clock.expiresIn - deps.safetyMarginSeconds) * 1000

  /** PUTs `updates`; undefined when applied, otherwise how processing ends. */
  const put = async (updates: ExportJobItemUpdateInput[]): Promise<ProcessOutcome | undefined> => {
    const sentAt = now()
    const result = await client.updateExportJobItems(jobId, updates)
    if (!result.ok) {
      if (result.error.status === 422 && result.error.type === 'EXPORT_JOB_STATUS_UNPROCESSABLE') {
        log('warn', 'the job expired or ended while processing', { jobId })
        return { kind: 'expired' }
      }
      return unreachable(result.error)
    }
    lastUpdatedAt = sentAt
    reported += updates.filter((u) => u.status !== 'in_progress').length
    log('info', 'items reported', { jobId, items: `${reported}/${entries.length}` })
    for (const error of result.data.errors) {
      log('warn', 'Pleo refused an item update', { jobId, ...error })
    }
    return undefined
  }

  const flush = async (): Promise<ProcessOutcome | undefined> => {
    if (batch.length === 0) return undefined
    const updates = batch
    batch = []
    return put(updates)
  }

  for (const item of entries) {
    if (now() >= deadline()) {
      log('debug', 'keep-alive: refreshing the job before it expires', { jobId })
      const refreshed =
        batch.length > 0
          ? await flush()
          : await put([{ accountingEntryId: item.accountingEntryId, status: 'in_progress' }])
      if (refreshed) return refreshed
    }
    const downloaded = await downloadReceipts(deps.receipts, item)
    let outcome: RecordOutcome
    try {
      outcome = downloaded.ok
        ? await accounting.record(item, downloaded.receipts)
        : {
            ok: false,
            failureReasonType: 'receipt_download_failure',
            failureReason: `Receipt ${downloaded.url} could not be downloaded: ${describe(downloaded.error)}`,
          }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      log('error', 'the accounting system is unreachable', { jobId, message })
      const flushed = await flush()
      if (flushed) return flushed
      return {
        kind: 'unrecoverable',
        failureReasonType: 'accounting_system_unreachable',
        failureReason: `The accounting system could not be reached: ${message}`,
      }
    }
    if (outcome.ok) {
      batch.push({
        accountingEntryId: item.accountingEntryId,
        status: 'successful',
        externalId: outcome.externalId,
        externalUrl: outcome.externalUrl,
        exportedAt: new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      })
    } else {
      if (!downloaded.ok) {
        log('warn', 'a receipt could not be downloaded', {
          jobId,
          accountingEntryId: item.accountingEntryId,
          url: downloaded.url,
          error: describe(downloaded.error),
        })
      }
      failed += 1
      batch.push({
        accountingEntryId: item.accountingEntryId,
        status: 'failed',
        failureReasonType: outcome.failureReasonType,
        failureReason: outcome.failureReason,
      })
    }
    if (batch.length >= maxItemsPerUpdate) {
      const flushed = await flush()
      if (flushed) return flushed
    }
  }
  const flushed = await flush()
  if (flushed) return flushed
  return { kind: 'done', items, failed }
}
