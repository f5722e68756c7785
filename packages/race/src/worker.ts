// One racing worker: the reference claimer with its own client, state and accounting system,
// woken by signed webhooks (with a slow poll as a safety net) or by polling alone. Every request
// it makes is recorded in the history. A kill ends the current incarnation at once (its queued
// requests and sleeps are dropped, answers still in flight are recorded as unknown); a restart
// starts a new incarnation with the same remembered state, which resumes its job. A zombie
// pause stops a worker right after it wins a claim, for longer than the job's window, and then
// lets it carry on writing as if nothing had happened.
import { createPleoClient } from '@fake-pleo/client'
import {
  createClaimer,
  createMemoryState,
  createWebhookDetector,
  skipReceipts,
  type AccountingSystem,
  type ClaimerState,
  type PassReport,
} from '@fake-pleo/client/claimer'
import { createRandom } from '@fake-pleo/contract'
import type { Books } from './books.ts'
import type { RaceEnvironment } from './environment.ts'
import type { Scenario } from './scenario.ts'
import type { Recorder } from './history.ts'
import { createRecordingFetch, WorkerKilled, type FetchLike } from './recording-fetch.ts'

export type WorkerTrigger = 'webhook' | 'poll'

export type WorkerOptions = {
  id: number
  trigger: WorkerTrigger
  env: RaceEnvironment
  recorder: Recorder
  /** The accounting system of one incarnation, given its sleep. */
  accounting: (sleep: (ms: number) => Promise<void>) => AccountingSystem
  random: () => number
  pollMs: number
  /** Called after every pass of the claimer. */
  onPass?: (worker: number, report: PassReport) => void
  /** A pass threw (a bug in the claimer): the incarnation stops and the engine reports it. */
  onError: (worker: number, error: unknown) => void
  /** Is the race still running? Workers stop once it is not. */
  running: () => boolean
}

export type Worker = {
  readonly id: number
  readonly trigger: WorkerTrigger
  readonly alive: boolean
  /** Answers a webhook delivery (a webhook worker's endpoint; 503 while it is down). */
  handle(request: Request): Promise<Response>
  /** Sets the subscription's signing secret; deliveries before this are refused. */
  setSecret(secret: string): void
  start(): void
  kill(): void
  /**
   * Unless another worker armed with the same ticket took it first: after its next won claim
   * the worker stops for `ms` of the fake's clock before its next write
   * (its item update or finish), then carries on: a zombie whose job expired meanwhile keeps
   * writing. Recorded as `pause`.
   */
  pauseAfterClaim(ticket: PauseTicket): void
  /** From the won claim through the pause until the first request after it is answered. */
  readonly pausing: boolean
  /** Kills the worker for good: a later `start()` does nothing (a live view's `-`). */
  retire(): void
  readonly retired: boolean
  /**
   * The race is over: the worker stops for good without a crash in the history (its waits and
   * queued requests are dropped, an answer still in flight is recorded as unknown) and the promise
   * resolves once its loop has ended, so nothing it sends can land after the final read.
   */
  halt(): Promise<void>
}

/** A zombie pause offered to several workers: the first to win a claim takes it. */
export type PauseTicket = { ms: number; taken: boolean }

/** What every worker of one race shares; `scenarioWorker` fills in the rest from the scenario. */
export type RaceWorkerDeps = Pick<
  WorkerOptions,
  'env' | 'recorder' | 'running' | 'onError' | 'onPass'
> & {
  scenario: Scenario
  books: Books
}

/** Worker `id` of a race: its ledger in the shared books, its own seeded randomness. */
export function scenarioWorker(deps: RaceWorkerDeps, id: number, trigger: WorkerTrigger): Worker {
  const { scenario, books, ...shared } = deps
  return createWorker({
    ...shared,
    id,
    trigger,
    accounting: (sleep) => books.ledgerFor(id, sleep),
    random: createRandom(`race-${scenario.seed}-worker-${id}`).next,
    pollMs: scenario.pollSeconds * 1000,
  })
}

/** State writes of a dead incarnation are dropped, so a zombie cannot forget the live one's job. */
function guardState(inner: ClaimerState, alive: () => boolean): ClaimerState {
  return {
    load: () => inner.load(),
    save: (jobId) => (alive() ? inner.save(jobId) : Promise.resolve()),
    clear: () => (alive() ? inner.clear() : Promise.resolve()),
  }
}

export function createWorker(options: WorkerOptions): Worker {
  const { id, env, recorder } = options
  const state = createMemoryState()
  let generation = 0
  let alive = false
  let retired = false
  let halted = false
  let looping: Promise<void> = Promise.resolve()
  let wake: (() => void) | undefined
  const owner = () => `worker-${id}#${generation}`
  /** A zombie pause: armed (waits for a won claim), then due before the next request. */
  let pauseArmed: PauseTicket | undefined
  let pauseDue = 0
  let pausedJob: string | undefined
  let pausing = false

  /** Holds the first write after a won claim for the armed pause (then lets it through). */
  const pausable =
    (inner: FetchLike, name: string): FetchLike =>
    async (input, init) => {
      if (pauseDue > 0 && isWrite(init)) {
        const ms = pauseDue
        pauseDue = 0
        recorder.note(id, 'pause', { seconds: ms / 1000 }, pausedJob)
        await env.sleep(ms, name)
        try {
          return await inner(input, init)
        } finally {
          pausing = false
        }
      }
      const response = await inner(input, init)
      if (pauseArmed && response.status === 202 && isClaim(init)) {
        if (!pauseArmed.taken) {
          pauseArmed.taken = true
          pauseDue = pauseArmed.ms
          pausedJob = claimedJob(init)
          pausing = true
        }
        pauseArmed = undefined
      }
      return response
    }

  let detector: ReturnType<typeof createWebhookDetector> | undefined
  const refused = () => new Response(null, { status: 503 })

  const waitForWork = (name: string) => {
    const pollMs = options.trigger === 'webhook' ? options.pollMs * 5 : options.pollMs
    const woken = new Promise<void>((resolve) => (wake = resolve))
    return Promise.race([woken, env.sleep(pollMs, name)])
  }

  const loop = async (incarnation: number) => {
    const name = owner()
    const isAlive = () => alive && generation === incarnation
    const fetch = pausable(
      createRecordingFetch({ fetch: env.fetchFor(name), recorder, process: id, alive: isAlive }),
      name,
    )
    const sleep = (ms: number) => env.sleep(ms, name)
    const client = createPleoClient({
      baseUrl: env.baseUrl,
      auth: { apiKey: env.apiKey },
      fetch,
      sleep,
      random: options.random,
    })
    const claimer = createClaimer({
      client,
      companyId: env.companyId,
      accounting: options.accounting(sleep),
      // A race tests claims, not exports: no receipt downloads crowding the history.
      receipts: skipReceipts,
      state: guardState(state, isAlive),
      sleep,
      now: () => env.now(),
      random: options.random,
    })
    while (isAlive() && options.running()) {
      const report = await claimer.pass()
      if (!isAlive()) return
      options.onPass?.(id, report)
      if (report.kind === 'idle' || report.kind === 'error') await waitForWork(name)
    }
  }

  const start = () => {
    generation += 1
    alive = true
    const incarnation = generation
    looping = loop(incarnation).catch((error: unknown) => {
      if (error instanceof WorkerKilled) return
      if (alive && generation === incarnation) options.onError(id, error)
    })
  }

  return {
    id,
    trigger: options.trigger,
    get alive() {
      return alive
    },
    setSecret(secret) {
      detector = createWebhookDetector({
        secrets: secret,
        now: () => (env.webhookNow ? env.webhookNow() : env.now()),
        defer: (fn) => env.defer(fn),
        onJob: () => wake?.(),
      })
    },
    handle: async (request) => (alive && detector ? detector.fetch(request) : refused()),
    get retired() {
      return retired
    },
    start() {
      if (retired || halted) return
      if (generation > 0) recorder.note(id, 'restart')
      start()
    },
    pauseAfterClaim(ticket) {
      if (!alive || pausing) return
      pauseArmed = ticket
    },
    get pausing() {
      return pausing && alive
    },
    kill() {
      if (!alive) return
      alive = false
      pauseArmed = undefined
      pauseDue = 0
      pausing = false
      recorder.note(id, 'crash')
      env.cancel(owner(), new WorkerKilled(false))
    },
    retire() {
      retired = true
      this.kill()
    },
    halt() {
      halted = true
      if (alive) {
        alive = false
        env.cancel(owner(), new WorkerKilled(false))
      }
      return looping
    },
  }
}

const isWrite = (init: RequestInit) =>
  ['PUT', 'POST'].includes((init.method ?? 'GET').toUpperCase())

/** The job a claim (`started`) is for, from its body; undefined for any other request. */
function claimedJob(init: RequestInit): string | undefined {
  if (!isWrite(init) || typeof init.body !== 'string') return undefined
  try {
    const body = JSON.parse(init.body) as { event?: unknown; jobId?: unknown }
    return body.event === 'started' && typeof body.jobId === 'string' ? body.jobId : undefined
  } catch {
    return undefined
  }
}

const isClaim = (init: RequestInit) => claimedJob(init) !== undefined
