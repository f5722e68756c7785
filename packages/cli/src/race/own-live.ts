// The live view's race (`LiveRace`, packages/race/src/live-types.ts) over `fake-pleo race --cmd`:
// the instances of your integration are its workers, their operations the history the fake
// observed of them; about four times a second a tick reads the jobs from the fake and the verdict
// on invariants 1-4 so far. When the race ends on its own, the whole verdict (`stopped`) arrives
// and the view keeps it until quit; quitting earlier stops the race (not judged to the end).
// Commands that change the race (workers, faults, speed) make no sense for a program the race does
// not write: they are answered with an `error` line and do nothing; `save-history` saves.
import { writeFileSync } from 'node:fs'
import type { IntegrationRaceResult } from '@fake-pleo/conformance'
import { exportJobStatuses } from '@fake-pleo/contract'
import {
  checkHistory,
  createBooks,
  createLiveBatcher,
  jobsSnapshot,
  summarise,
  toJsonLines,
  type LiveRace,
  type JobsSnapshot,
  type Operation,
  type RaceEnvironment,
  type RaceSummary,
  type Scenario,
} from '@fake-pleo/race'

/** Starts the own race with the adapter's hooks (raceIntegration's options of the same names). */
export type OwnRun = (hooks: {
  onOperation: (operation: Operation) => void
  onEnvironment: (env: RaceEnvironment) => void
  signal: AbortSignal
}) => Promise<IntegrationRaceResult>

export type OwnLiveOptions = {
  speed: number
  /** Events are delivered at most this often (real ms, default 50). */
  batchMs?: number
  /** A tick this often (real ms, default 250). */
  tickMs?: number
}

export type OwnLiveRace = LiveRace & {
  /** The race's result once it has ended (on its own or stopped). */
  readonly result: Promise<IntegrationRaceResult>
}

const liveInvariants = [1, 2, 3, 4]

/** The jobs as the fake held them at the end (the fake is closed by then: no read). */
export function finalJobs(result: IntegrationRaceResult): JobsSnapshot {
  const counts = Object.fromEntries(exportJobStatuses.map((s) => [s, 0])) as JobsSnapshot['counts']
  for (const job of result.finalState.jobs) counts[job.status] += 1
  const recent = [...result.finalState.jobs]
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
    .slice(0, 8)
    .map(({ id, status, createdAt }) => ({ id, status, createdAt }))
  return { counts, oldestPendingAgeMs: null, nextExpiryAt: null, recent }
}
const inert = 'not with --cmd: the race runs your integration as it is'

/** The race engine's summary of an own race (no books of its own: none booked twice). */
export function ownSummary(result: IntegrationRaceResult): RaceSummary {
  const times = result.history.map((op) => op.sim)
  const simMs = times.length > 0 ? Math.max(...times) - Math.min(...times) : 0
  return summarise({
    history: result.history,
    finalState: result.finalState,
    check: result.check,
    books: createBooks(result.scenario.itemSeconds * 1000),
    realMs: result.durationMs,
    simMs,
  })
}

export function ownLiveRace(scenario: Scenario, run: OwnRun, options: OwnLiveOptions): OwnLiveRace {
  const events = createLiveBatcher(options.batchMs)
  const emit = events.emit
  const operations: Operation[] = []
  let claimsWon = 0
  let env: RaceEnvironment | undefined
  let running = true
  const controller = new AbortController()

  for (let worker = 0; worker < scenario.workers; worker++) {
    emit({ type: 'worker-added', worker, trigger: 'webhook' })
  }
  emit({
    type: 'settings',
    faults: scenario.faults,
    unsafe: false,
    unsafeModes: [],
    speed: options.speed,
    paused: false,
  })

  const onOperation = (operation: Operation) => {
    operations.push(operation)
    emit({ type: 'operation', operation })
    if (operation.process === 'nemesis') return
    if (operation.f === 'claim' && operation.type === 'ok') claimsWon += 1
    if (operation.f === 'crash') emit({ type: 'worker-killed', worker: operation.process })
    if (operation.f === 'restart') emit({ type: 'worker-restarted', worker: operation.process })
  }

  let ticking = false
  const tick = async () => {
    if (ticking || !running || env === undefined) return
    ticking = true
    try {
      const jobs = await jobsSnapshot(env, scenario.expiresIn)
      if (!running) return
      const check = checkHistory(
        operations,
        { jobs: [] },
        { invariants: liveInvariants, maxViolations: 5 },
      )
      emit({
        type: 'tick',
        now: env.now(),
        speed: options.speed,
        paused: false,
        jobs,
        violations: check.violations,
        violationCount: check.counts.violations,
        claimsWon,
      })
    } catch {
      // the fake is closing: the next tick (if any) reads it again
    } finally {
      ticking = false
    }
  }
  const ticker = setInterval(() => void tick(), options.tickMs ?? 250)

  const result = run({
    onOperation,
    onEnvironment: (e) => (env = e),
    signal: controller.signal,
  })
  const summary: Promise<RaceSummary> = result.then((r) => {
    running = false
    clearInterval(ticker)
    for (const message of [...(r.error === undefined ? [] : [r.error]), ...r.errors]) {
      emit({ type: 'error', message })
    }
    if (r.end === 'stalled' && r.error === undefined) {
      emit({ type: 'error', message: 'the time was up before every job ended' })
    }
    for (const v of r.check.violations.slice(0, 5)) {
      emit({ type: 'error', message: `invariant ${v.invariant}: ${v.message}` })
    }
    // The last tick: the jobs the fake ended with and the verdict on all six invariants.
    emit({
      type: 'tick',
      now: r.history.at(-1)?.sim ?? env?.now() ?? Date.now(),
      speed: options.speed,
      paused: false,
      jobs: finalJobs(r),
      violations: r.check.violations.slice(0, 5),
      violationCount: r.check.counts.violations,
      claimsWon,
    })
    const s = ownSummary(r)
    emit({ type: 'stopped', summary: s })
    events.close()
    return s
  })
  summary.catch((error: unknown) => {
    running = false
    clearInterval(ticker)
    emit({ type: 'error', message: error instanceof Error ? error.message : String(error) })
    events.close()
  })

  return {
    scenario,
    result,
    send(command) {
      if (command.type === 'save-history') {
        writeFileSync(command.file, toJsonLines(operations))
        emit({ type: 'saved', file: command.file, operations: operations.length })
        return
      }
      emit({ type: 'error', message: inert })
    },
    subscribe: events.subscribe,
    async stop() {
      controller.abort()
      return summary
    },
  }
}
