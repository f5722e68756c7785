// The nemesis's zombie moves: what a real, misbehaving integration sends. Each move reads a job
// first (a recorded `get`, so the history itself shows what the job was) and then sends what
// Pleo's rules refuse for that status: item updates and a second final event on a job that ended
// (finished or expired), `started` on a job already claimed (a stale verify), an item update of
// more than 100 items (unknown entries, so a server that wrongly accepts it changes nothing), or
// it pauses a worker right after it wins a claim, past the job's expiry, and lets it keep
// writing. All of it goes through the public API with the company's key, recorded as the
// `nemesis` process, so the checker judges the server's answers like any other operation.
import { createRandom, maxItemsPerUpdate } from '@fake-pleo/contract'
import type { RaceEnvironment } from './environment.ts'
import type { Recorder } from './history.ts'
import { createRecordingFetch } from './recording-fetch.ts'
import type { Scenario } from './scenario.ts'
import type { PauseTicket, Worker } from './worker.ts'

export const zombieMoves = [
  'late-items',
  'second-final',
  'stale-verify',
  'big-batch',
  'pause-worker',
] as const
export type ZombieMove = (typeof zombieMoves)[number]

export type ZombieOptions = {
  env: RaceEnvironment
  recorder: Recorder
  scenario: Scenario
  workers: readonly Worker[]
  /** Jobs created so far, oldest first. */
  created: readonly string[]
  onError: (message: string) => void
}

const ended = (status: string) => status !== 'pending' && status !== 'in_progress'

/** A UUID-shaped entry id no job holds (the fake's ids come from another pattern). */
const strangerEntry = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`

export function createZombies(options: ZombieOptions) {
  const { env, recorder, scenario } = options
  // Their own stream, so zombies do not change what the seed draws for steals and kills.
  const random = createRandom(`race-${scenario.seed}-zombies`)
  const fetch = createRecordingFetch({
    fetch: env.fetchFor('nemesis'),
    recorder,
    process: 'nemesis',
  })
  const authorization = `Basic ${Buffer.from(`${env.apiKey}:`).toString('base64')}`
  let pending = 0
  let settledWaiters: (() => void)[] = []

  const call = async (method: string, path: string, body?: unknown) => {
    try {
      return await fetch(`${env.baseUrl}${path}`, {
        method,
        headers: { authorization, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    } catch {
      return undefined // a network error: recorded as unknown, the move is over
    }
  }
  const read = async <T>(path: string): Promise<T | undefined> => {
    const response = await call('GET', path)
    return response?.ok ? ((await response.json()) as { data: T }).data : undefined
  }
  const statusOf = async (jobId: string) =>
    (await read<{ status: string }>(`/v3/export-jobs/${jobId}`))?.status
  const putItems = (jobId: string, items: { accountingEntryId: string; status: string }[]) =>
    call('PUT', `/v3/export-jobs/${jobId}/items`, items)
  const sendEvent = (jobId: string, event: string) =>
    call('POST', '/v3/export-job-events', { jobId, event })

  const pick = (from: readonly string[]) => from[random.int(0, from.length - 1)]
  const newest = () => pick(options.created.slice(-Math.max(2, scenario.arrival.batch)))

  /** An ended job among up to three tries, older jobs first (they are likelier to have ended). */
  const endedJob = async () => {
    const older = options.created.slice(0, Math.max(1, Math.ceil(options.created.length / 2)))
    for (let tries = 0; tries < 3; tries++) {
      const jobId = pick(older)
      if (jobId === undefined) return undefined
      if (ended((await statusOf(jobId)) ?? 'pending')) return jobId
    }
    return undefined
  }

  /** A late worker reports its items as done on a job that has since ended. */
  const lateItems = async () => {
    const jobId = await endedJob()
    if (jobId === undefined) return
    const items = await read<{ accountingEntryId: string }[]>(`/v3/export-jobs/${jobId}/items`)
    if (!items || items.length === 0) return
    const status = random.next() < 0.5 ? 'successful' : 'failed'
    await putItems(
      jobId,
      items.map((item) => ({ accountingEntryId: item.accountingEntryId, status })),
    )
  }

  /** A second final event on a finished job, or any final event on an expired one. */
  const secondFinal = async () => {
    const jobId = await endedJob()
    if (jobId === undefined) return
    await sendEvent(jobId, random.next() < 0.5 ? 'completed' : 'failed')
  }

  /** `started` on a job already claimed (or ended): a verify that read a stale status. */
  const staleVerify = async (jobId: string) => {
    const status = await statusOf(jobId)
    if (status === undefined || status === 'pending') return
    await sendEvent(jobId, 'started')
  }

  /** One item update of more than 100 items (entries no job holds). */
  const bigBatch = async (jobId: string) => {
    const count = maxItemsPerUpdate + random.int(1, 20)
    const base = random.int(1, 1_000_000) * 1000
    const items = Array.from({ length: count }, (_, i) => ({
      accountingEntryId: strangerEntry(base + i),
      status: 'successful',
    }))
    await putItems(jobId, items)
  }

  /**
   * Pauses the next worker to win a claim, past the job's expiry, before its next write. One
   * pause at a time: pausing every worker at once would starve the race of workers, and the
   * backlog, not the zombie, would be what it measured.
   */
  let lastTicket: PauseTicket | undefined
  const pauseWorker = () => {
    const living = options.workers.filter((worker) => worker.alive)
    const busy = lastTicket && (!lastTicket.taken || living.some((worker) => worker.pausing))
    if (living.length === 0 || busy || env.pausesWorkers === false) return
    recorder.note('nemesis', 'zombie', { move: 'pause-worker' })
    lastTicket = { ms: (scenario.expiresIn + 5) * 1000, taken: false }
    for (const worker of living) worker.pauseAfterClaim(lastTicket)
  }

  const act = async (move: ZombieMove) => {
    if (move === 'pause-worker') return pauseWorker()
    if (move === 'late-items' || move === 'second-final') {
      recorder.note('nemesis', 'zombie', { move })
      return move === 'late-items' ? lateItems() : secondFinal()
    }
    const jobId = newest()
    if (jobId === undefined) return
    recorder.note('nemesis', 'zombie', { move }, jobId)
    return move === 'stale-verify' ? staleVerify(jobId) : bigBatch(jobId)
  }

  /**
   * Makes the next zombie move later: moves on open jobs within a few seconds (the newest jobs are
   * still open), moves on ended jobs after a while (older jobs have ended by then).
   */
  let turn = random.int(0, zombieMoves.length - 1)
  const schedule = () => {
    // In turn, from a random start: every move comes up once in each five.
    const move = zombieMoves[turn++ % zombieMoves.length] as ZombieMove
    const early = move === 'big-batch' || move === 'stale-verify' || move === 'pause-worker'
    const after = early ? random.int(0, 3) : random.int(3, 20)
    pending += 1
    env
      .sleep(after * 1000, 'nemesis')
      .then(() => act(move))
      .catch((error: unknown) => options.onError(`zombie ${move}: ${String(error)}`))
      .finally(() => {
        pending -= 1
        if (pending > 0) return
        const waiters = settledWaiters
        settledWaiters = []
        for (const resolve of waiters) resolve()
      })
  }

  /** Resolves once every scheduled move has been made. */
  const settled = () =>
    pending === 0 ? Promise.resolve() : new Promise<void>((resolve) => settledWaiters.push(resolve))

  return { schedule, settled, act, random }
}
