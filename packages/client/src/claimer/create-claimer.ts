// createClaimer: the reference worker that follows Pleo's how-to for claiming export jobs. One
// `pass()` recovers a job this claimer already claimed (from the state store, without a second
// `started`), or lists pending jobs of the company (every page), picks the oldest, verifies it is
// still pending, claims it with `started` (a 422 means another integration won: log, back off with
// jitter, list again, bounded rounds), persists the claim, processes it (each entry's receipts
// downloaded, then the entry exported) and ends it with one final event. The claim stays in the
// state store until that event is accepted (202, or a 422 with the job already ended): after a
// network failure the next pass resumes the job and sends it again. One job per pass, never two
// at once; every dependency is injected.
import { setTimeout as wait } from 'node:timers/promises'
import { openJobStatuses } from '@fake-pleo/contract'
import type { ExportJobEventInput, PleoClient } from '../client.ts'
import type { ReceiptDownloader } from '../download.ts'
import type { PleoError } from '../result.ts'
import { createFakeLedger } from './fake-ledger.ts'
import { processJob, type JobClock, type ProcessDeps } from './process-job.ts'
import { oldestPending } from './select-job.ts'
import { createMemoryState } from './state-store.ts'
import type { AccountingSystem, ClaimerLog, ClaimerState, PassReport } from './types.ts'

export type ClaimerOptions = {
  client: PleoClient
  companyId: string
  /** Default: an in-memory fake ledger (see fake-ledger.ts) using the injected sleep. */
  accounting?: AccountingSystem
  /**
   * Downloads each entry's receipts before the entry goes to the accounting system. Default: the
   * client's `downloadReceipt` (its fetch, retries and sleep).
   */
  receipts?: ReceiptDownloader
  /** Default: in memory (a crash forgets the claim; use createFileState to survive one). */
  state?: ClaimerState
  log?: ClaimerLog
  sleep?: (ms: number) => Promise<void>
  /** Epoch milliseconds, on the same clock as the server's timestamps. */
  now?: () => number
  /** A number in [0, 1), for backoff jitter. */
  random?: () => number
  /** Refresh the job this many seconds before it would expire (default 60). */
  safetyMarginSeconds?: number
  /** `[base, max]` milliseconds for the backoff after a lost race (default [250, 2000]). */
  backoffMs?: readonly [number, number]
  /** How many list-verify-claim rounds one pass may take (default 10). */
  maxRounds?: number
}

export type Claimer = { pass(): Promise<PassReport> }

const noLog: ClaimerLog = () => {}
/** A job in these statuses has not ended: a final event for it is still owed. */
const openStatuses: ReadonlySet<string> = new Set(openJobStatuses)
const parseTime = (value: string | null | undefined, fallback: number) => {
  const parsed = value === null || value === undefined ? Number.NaN : Date.parse(value)
  return Number.isNaN(parsed) ? fallback : parsed
}

export function createClaimer(options: ClaimerOptions): Claimer {
  const { client, companyId } = options
  const log = options.log ?? noLog
  const sleep = options.sleep ?? wait
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const state = options.state ?? createMemoryState()
  const accounting = options.accounting ?? createFakeLedger({ sleep })
  const [baseMs, maxMs] = options.backoffMs ?? [250, 2000]
  const maxRounds = options.maxRounds ?? 10
  const processDeps: ProcessDeps = {
    client,
    accounting,
    receipts: options.receipts ?? client.downloadReceipt,
    log,
    now,
    safetyMarginSeconds: options.safetyMarginSeconds ?? 60,
  }
  let running = false

  const backoff = async (attempt: number) => {
    const ceiling = Math.min(maxMs, baseMs * 2 ** attempt)
    const ms = Math.floor(ceiling / 2 + (random() * ceiling) / 2)
    log('debug', 'backing off before listing again', { ms })
    await sleep(ms)
  }

  /** Processes a claimed job and ends it with one final event; clears the state once it landed. */
  const run = async (
    jobId: string,
    clock: JobClock,
    resumed: boolean,
    lostRaces: string[],
  ): Promise<PassReport> => {
    const outcome = await processJob(processDeps, jobId, clock)
    if (outcome.kind === 'expired') {
      await state.clear()
      return { kind: 'expired', jobId, lostRaces }
    }
    const event: ExportJobEventInput =
      outcome.kind === 'done'
        ? { jobId, event: outcome.failed > 0 ? 'completed_with_errors' : 'completed' }
        : {
            jobId,
            event: 'failed',
            failureReasonType: outcome.failureReasonType,
            failureReason: outcome.failureReason,
          }
    const sent = await client.sendExportJobEvent(event)
    const landed = sent.ok || (await finishRefused(jobId, event, sent.error))
    if (landed !== true) return { ...landed, lostRaces }
    await state.clear()
    log('info', `job ${event.event}`, { jobId })
    if (outcome.kind === 'done') {
      return {
        kind: 'completed',
        jobId,
        status: outcome.failed > 0 ? 'completed_with_errors' : 'completed',
        items: outcome.items,
        failed: outcome.failed,
        resumed,
        lostRaces,
      }
    }
    return {
      kind: 'failed',
      jobId,
      failureReasonType: outcome.failureReasonType,
      failureReason: outcome.failureReason,
      lostRaces,
    }
  }

  /**
   * The final event did not get its 202. The state is kept (the job is still held: the next pass
   * resumes it and sends the final event again) unless a 422 proves the job already ended. A job
   * that ended with this very event took an earlier attempt whose answer was lost: that is
   * `true`, the event landed.
   */
  const finishRefused = async (
    jobId: string,
    event: ExportJobEventInput,
    error: PleoError,
  ): Promise<true | Extract<PassReport, { kind: 'expired' | 'error' }>> => {
    if (error.status !== 422) {
      log('error', 'the final event was not accepted; the job is kept for the next pass', {
        jobId,
        ...error,
      })
      return { kind: 'error', jobId, error, lostRaces: [] }
    }
    const job = await client.getExportJob(jobId)
    if (!job.ok || openStatuses.has(job.data.status)) {
      log('error', 'the final event was refused', { jobId, event: event.event, ...error })
      return { kind: 'error', jobId, error, lostRaces: [] }
    }
    if (job.data.status === event.event) return true
    await state.clear()
    if (job.data.status === 'expired') {
      log('warn', 'the job expired before it could be ended', { jobId })
      return { kind: 'expired', jobId, lostRaces: [] }
    }
    log('error', 'the final event was refused: the job had already ended', {
      jobId,
      jobStatus: job.data.status,
      ...error,
    })
    return { kind: 'error', jobId, error, lostRaces: [] }
  }

  /** A job this claimer claimed before a crash: resumed if still in_progress, else forgotten. */
  const recover = async (): Promise<PassReport | undefined> => {
    const jobId = await state.load()
    if (jobId === undefined) return undefined
    const job = await client.getExportJob(jobId)
    if (!job.ok) {
      if (job.error.status !== 404) return { kind: 'error', jobId, error: job.error, lostRaces: [] }
      await state.clear()
      return undefined
    }
    if (job.data.status !== 'in_progress') {
      log('info', 'the remembered job is no longer in progress; forgetting it', {
        jobId,
        status: job.data.status,
      })
      await state.clear()
      return undefined
    }
    log('info', 'resuming a job claimed before a restart', { jobId })
    const clock = {
      lastUpdatedAt: parseTime(job.data.lastUpdatedAt, now()),
      expiresIn: job.data.expiresIn,
    }
    return run(jobId, clock, true, [])
  }

  const claimNext = async (): Promise<PassReport> => {
    const lostRaces: string[] = []
    const skip = new Set<string>()
    for (let round = 0; round < maxRounds; round++) {
      const listed = await client.allExportJobs({ companyId, statuses: ['pending'], limit: 100 })
      if (!listed.ok) return { kind: 'error', error: listed.error, lostRaces }
      const candidate = oldestPending(listed.data, skip)
      if (candidate === undefined) break
      log('info', 'selected the oldest pending job', {
        jobId: candidate.id,
        createdAt: candidate.createdAt,
      })
      const verified = await client.getExportJob(candidate.id)
      if (!verified.ok && verified.error.status !== 404) {
        // Unknown whether the oldest job is still pending: never skip ahead to a younger one.
        return { kind: 'error', jobId: candidate.id, error: verified.error, lostRaces }
      }
      if (!verified.ok || verified.data.status !== 'pending') {
        log('debug', 'the oldest job is no longer pending; listing again', { jobId: candidate.id })
        skip.add(candidate.id)
        continue
      }
      log('info', 'verified: still pending', { jobId: candidate.id })
      const claimedAt = now()
      const claimed = await client.sendExportJobEvent({ jobId: candidate.id, event: 'started' })
      if (!claimed.ok) {
        if (
          claimed.error.status === 422 &&
          claimed.error.type === 'INVALID_EXPORT_JOB_STATUS_CHANGE'
        ) {
          log('info', 'lost the race for a job; another integration claimed it', {
            jobId: candidate.id,
          })
          skip.add(candidate.id)
          lostRaces.push(candidate.id)
          await backoff(lostRaces.length - 1)
          continue
        }
        return { kind: 'error', jobId: candidate.id, error: claimed.error, lostRaces }
      }
      await state.save(candidate.id)
      log('info', 'claimed a job', { jobId: candidate.id })
      const clock = { lastUpdatedAt: claimedAt, expiresIn: verified.data.expiresIn }
      return run(candidate.id, clock, false, lostRaces)
    }
    const lastLost = lostRaces.at(-1)
    if (lastLost !== undefined) return { kind: 'lost-race', jobId: lastLost, lostRaces }
    return { kind: 'idle', lostRaces }
  }

  return {
    pass: async () => {
      if (running) throw new Error('a pass is already running; passes never overlap')
      running = true
      try {
        return (await recover()) ?? (await claimNext())
      } finally {
        running = false
      }
    },
  }
}
