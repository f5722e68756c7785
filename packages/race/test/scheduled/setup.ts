// One race under fast-check's scheduler: a fresh in-process fake with the jobs of the case, and K
// reference claimers whose every answer from the fake is released in the order the scheduler
// picks (so is the unsafe claim's check-then-act window, through the fake's `sleep`). An answer is
// scheduled once the fake has computed it, so releasing one never waits on another scheduled task.
// Each claimer runs passes until it finds nothing to claim; then the fake's final state is read
// and the recorded history checked against the invariants of DESIGN §5. A case gets a fresh fake,
// or (`createFakeReuse`) one fake per claim mode reset to its start before each case: the same
// data, clock and rules, without building a fake, its database and its app every time.
import { createPleoClient } from '@fake-pleo/client'
import {
  createClaimer,
  createMemoryState,
  type AccountingSystem,
  type PassReport,
  skipReceipts,
} from '@fake-pleo/client/claimer'
import { createRandom } from '@fake-pleo/contract'
import { createFakePleo, type FakePleo } from '@fake-pleo/server'
import type fc from 'fast-check'
import { checkHistory, type CheckResult } from '../../src/checker/index.ts'
import type { FinalState } from '../../src/final-state.ts'
import { createRecorder, type Recorder } from '../../src/history.ts'
import { createRecordingFetch, type FetchLike } from '../../src/recording-fetch.ts'
import { acceptedStarts, baseUrl, readFinal } from './final-read.ts'

export type ScheduledRaceParams = {
  /** How many claimers race (2 to 4). */
  claimers: number
  /** Items of each job, oldest job first. */
  jobs: readonly number[]
  /** Seeds the claimers' backoff jitter. */
  seed: number
  /** Run the fake's check-then-act claim instead of its atomic one. */
  unsafe?: boolean
}

export type ScheduledRaceOutcome = {
  check: CheckResult
  finalState: FinalState
  /** Accepted `started` events per job id, from the fake's journal. */
  starts: Map<string, number>
  /** Every pass of every claimer, by claimer. */
  passes: PassReport[][]
}

/** The fake of one case: unscheduled except for the unsafe claim's window. */
function startFake(s: () => fc.Scheduler, unsafe: boolean): FakePleo {
  return createFakePleo({
    seed: 'empty',
    clock: 'manual',
    webhookDelivery: 'off',
    unsafeClaims: unsafe,
    sleep: () => s().schedule(Promise.resolve(), 'unsafe claim window'),
  })
}

/**
 * A case's fake, and the journal id its own requests come after; `done` is told the last journal
 * entry the case read, when it read the journal to its end.
 */
export type CaseFake = { fake: FakePleo; journalFrom: number; done(journalRead?: number): void }

/** Where each case's fake comes from. */
export type FakeSource = { take(s: fc.Scheduler, unsafe: boolean): Promise<CaseFake> }

/** A fresh fake per case, closed when the case is done. */
export const freshFakes: FakeSource = {
  take: async (s, unsafe) => {
    const fake = startFake(() => s, unsafe)
    return { fake, journalFrom: 0, done: () => fake.close() }
  },
}

/**
 * One fake per claim mode, reset (POST /_sim/reset: data, clock and fault rules back to the
 * start) before each case. The journal is history and survives a reset, so a case reads only
 * the entries after `journalFrom`: found by reading on from where the last case's reading ended
 * (the reset's own entry, usually), not from where it began. `close()` closes the fakes.
 */
export function createFakeReuse(): FakeSource & { close(): void } {
  const kept = new Map<boolean, { fake: FakePleo; journalFrom: number }>()
  let current: fc.Scheduler | undefined
  const scheduler = () => {
    if (!current) throw new Error('no case is running')
    return current
  }
  return {
    async take(s, unsafe) {
      current = s
      let entry = kept.get(unsafe)
      if (entry) {
        const reset = await post(entry.fake, '/_sim/reset', {})
        if (reset.status !== 200) throw new Error(`resetting the fake answered ${reset.status}`)
      } else {
        entry = { fake: startFake(scheduler, unsafe), journalFrom: 0 }
        kept.set(unsafe, entry)
      }
      const reused = entry
      reused.journalFrom = lastJournalId(reused.fake, reused.journalFrom)
      const done = (journalRead?: number) => {
        if (journalRead !== undefined)
          reused.journalFrom = Math.max(reused.journalFrom, journalRead)
      }
      return { fake: reused.fake, journalFrom: reused.journalFrom, done }
    },
    close() {
      for (const { fake } of kept.values()) fake.close()
      kept.clear()
    },
  }
}

/** The id of the newest journal entry, reading on from `after` (an id it is known to pass). */
function lastJournalId(fake: FakePleo, after: number): number {
  let last = after
  for (;;) {
    const page = fake.deps.store.listJournal(last, 1000)
    const end = page.at(-1)
    if (!end) return last
    last = end.id
  }
}

async function post(fake: FakePleo, path: string, body: unknown): Promise<Response> {
  return fake.app.request(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

/** Presses Export once per job, a second apart so createdAt orders them; recorded as the nemesis. */
async function createJobs(fake: FakePleo, recorder: Recorder, jobs: readonly number[]) {
  for (const numberOfItems of jobs) {
    const complete = recorder.invoke('nemesis', 'create', undefined, { numberOfItems })
    const response = await post(fake, '/_sim/export-jobs', {
      companyId: fake.companyId,
      numberOfItems,
    })
    if (response.status !== 201) throw new Error(`creating a job answered ${response.status}`)
    const { data } = (await response.json()) as { data: { id: string; createdAt: string } }
    complete('ok', { jobs: [{ id: data.id, createdAt: data.createdAt }] }, data.id)
    await post(fake, '/_sim/clock/advance', { seconds: 1 })
  }
}

/** Books every entry at once (no wait), numbering the claimer's bookings. */
function ledger(claimer: number, booked: string[]): AccountingSystem {
  return {
    record: async (item) => {
      booked.push(item.accountingEntryId)
      const externalId = `c${claimer}-${booked.length}`
      return { ok: true, externalId, externalUrl: `https://ledger.invalid/${externalId}` }
    },
  }
}

/** A request's name in the scheduler's report, e.g. `1: POST /v3/export-job-events started`. */
function label(id: number, input: string, init: RequestInit): string {
  const { pathname } = new URL(input)
  const event =
    typeof init.body === 'string' ? /"event":"([a-z_]+)"/.exec(init.body)?.[1] : undefined
  return `${id}: ${init.method ?? 'GET'} ${pathname}${event ? ` ${event}` : ''}`
}

/** Claimer `id`'s way to the fake: the fake answers at once, the scheduler releases the answer. */
function scheduledFetch(s: fc.Scheduler, fake: FakePleo, id: number): FetchLike {
  return async (input, init) => {
    const response = await fake.app.request(input, init)
    return s.schedule(Promise.resolve(response), label(id, input, init))
  }
}

type ClaimerSetup = {
  s: fc.Scheduler
  fake: FakePleo
  recorder: Recorder
  id: number
  seed: number
}

/** One claimer: its client's answers come through the scheduler and are recorded. */
function claimerFor({ s, fake, recorder, id, seed }: ClaimerSetup) {
  const random = createRandom(`scheduled-${seed}-${id}`).next
  const sleep = () => Promise.resolve()
  const client = createPleoClient({
    baseUrl,
    auth: { apiKey: fake.apiKey ?? '' },
    fetch: createRecordingFetch({ fetch: scheduledFetch(s, fake, id), recorder, process: id }),
    sleep,
    random,
  })
  return createClaimer({
    client,
    companyId: fake.companyId ?? '',
    accounting: ledger(id, []),
    receipts: skipReceipts,
    state: createMemoryState(),
    sleep,
    now: () => fake.deps.clock.now(),
    random,
  })
}

/** Passes until one finds nothing to claim, at most `bound` of them. */
async function work(claimer: ReturnType<typeof claimerFor>, bound: number) {
  const reports: PassReport[] = []
  while (reports.length < bound) {
    const report = await claimer.pass()
    reports.push(report)
    if (report.kind === 'idle') break
  }
  return reports
}

export async function runScheduledRace(
  s: fc.Scheduler,
  params: ScheduledRaceParams,
  fakes: FakeSource = freshFakes,
): Promise<ScheduledRaceOutcome> {
  const { fake, journalFrom, done } = await fakes.take(s, params.unsafe ?? false)
  let journalRead: number | undefined
  try {
    const recorder = createRecorder({ sim: () => fake.deps.clock.now(), nanos: () => 0 })
    await createJobs(fake, recorder, params.jobs)
    const bound = params.jobs.length + 3
    const workers = Array.from({ length: params.claimers }, (_, id) =>
      work(claimerFor({ s, fake, recorder, id, seed: params.seed }), bound),
    )
    const passes = await s.waitFor(Promise.all(workers))
    const finalState = await readFinal(fake)
    const check = checkHistory(recorder.operations, finalState)
    const { starts, lastEntryId } = acceptedStarts(fake, journalFrom)
    journalRead = lastEntryId
    return { check, finalState, starts, passes }
  } finally {
    done(journalRead)
  }
}
