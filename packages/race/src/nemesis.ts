// The scenario's own process: it presses Export in batches on the virtual clock, steals claims as
// another integration would (finishing half of what it steals, abandoning the rest to expire),
// kills workers and restarts them, makes the zombie moves of a misbehaving integration
// (zombies.ts), and once every job is created waits for the run to drain: every job completed,
// failed or expired. Its requests are recorded as the `nemesis` process.
import type { RaceEnvironment } from './environment.ts'
import type { Recorder } from './history.ts'
import { mayHaveArrived, type FetchLike } from './recording-fetch.ts'
import type { Scenario } from './scenario.ts'
import type { Worker } from './worker.ts'
import { createZombies } from './zombies.ts'

export type NemesisOptions = {
  env: RaceEnvironment
  recorder: Recorder
  scenario: Scenario
  workers: readonly Worker[]
  random: { next(): number; int(min: number, max: number): number }
  /** Jobs created so far, oldest first. */
  created: string[]
  /** Something the scenario could not do (the run goes on; the engine reports it). */
  onError: (message: string) => void
}

type Answer = { status: number; body: unknown }

/** Spreads `total` events over `slots` slots at random: how many fall into each slot. */
export function spread(total: number, slots: number, random: NemesisOptions['random']): number[] {
  const counts = new Array<number>(Math.max(slots, 1)).fill(0)
  for (let i = 0; i < total; i++) {
    const slot = random.int(0, counts.length - 1)
    counts[slot] = (counts[slot] ?? 0) + 1
  }
  return counts
}

export function createNemesis(options: NemesisOptions) {
  const { env, recorder, scenario, random } = options
  const fetch: FetchLike = env.fetchFor('nemesis')
  const send = async (path: string, body: unknown): Promise<Answer> => {
    const response = await fetch(`${env.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    const text = await response.text()
    return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) }
  }
  const sleepSeconds = (seconds: number) => env.sleep(seconds * 1000, 'nemesis')
  const zombies = createZombies(options)

  /**
   * Sends and records: a request cut off on its way (the race stopped) completes `info`, its
   * outcome unknown (the fake may have made the job), one never sent completes `fail`.
   */
  const sendRecorded = async (
    complete: ReturnType<typeof recorder.invoke>,
    path: string,
    body: unknown,
  ): Promise<Answer> => {
    try {
      return await send(path, body)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      complete(mayHaveArrived(error) ? 'info' : 'fail', { error: message })
      throw error
    }
  }

  const createJob = async () => {
    const numberOfItems = random.int(scenario.items[0], scenario.items[1])
    const complete = recorder.invoke('nemesis', 'create', undefined, { numberOfItems })
    const body = { companyId: env.companyId, numberOfItems }
    const answer = await sendRecorded(complete, '/_sim/export-jobs', body)
    const job = (answer.body as { data?: { id: string; createdAt: string } } | null)?.data
    if (answer.status !== 201 || !job) {
      complete('fail', { status: answer.status, error: 'could not press Export' })
      options.onError(`pressing Export answered ${answer.status}: ${JSON.stringify(answer.body)}`)
      return
    }
    options.created.push(job.id)
    complete('ok', { jobs: [{ id: job.id, createdAt: job.createdAt }] }, job.id)
  }

  const event = async (jobId: string, name: string) => {
    const f = name === 'started' ? 'claim' : 'finish'
    const complete = recorder.invoke('nemesis', f, jobId, f === 'finish' ? { event: name } : null)
    const answer = await sendRecorded(complete, '/_sim/export-job-events', { jobId, event: name })
    if (answer.status === 202) complete('ok')
    else {
      const type = (answer.body as { type?: string } | null)?.type ?? ''
      complete(answer.status >= 500 ? 'info' : 'fail', { status: answer.status, error: type })
    }
    return answer.status === 202
  }

  /** Claims the newest job as another integration; half the time finishes it later. */
  const steal = async () => {
    const jobId = options.created.at(-1)
    if (jobId === undefined || !(await event(jobId, 'started'))) return
    if (random.next() < 0.5) return // abandoned: it expires
    const after = random.int(1, Math.max(1, Math.floor(scenario.expiresIn / 2)))
    sleepSeconds(after)
      .then(() => event(jobId, 'completed'))
      .catch((error: unknown) => options.onError(`finishing a stolen job: ${String(error)}`))
  }

  const kill = () => {
    const living = options.workers.filter((worker) => worker.alive)
    const victim = living[random.int(0, Math.max(0, living.length - 1))]
    if (!victim) return
    victim.kill()
    sleepSeconds(scenario.restartSeconds)
      .then(() => victim.start())
      .catch(() => undefined) // the race ended first: the worker stays down
  }

  /** Presses Export batch by batch, with the planned steals and kills in between. */
  const run = async () => {
    const batches = Math.ceil(scenario.jobs / scenario.arrival.batch)
    const steals = spread(scenario.steals, batches, random)
    const kills = spread(scenario.kills, batches, random)
    const zombieMoves = spread(scenario.zombies, batches, zombies.random)
    let left = scenario.jobs
    for (let batch = 0; batch < batches; batch++) {
      for (let i = 0; i < Math.min(scenario.arrival.batch, left); i++) await createJob()
      left -= scenario.arrival.batch
      for (let i = 0; i < (steals[batch] ?? 0); i++) await steal()
      for (let i = 0; i < (kills[batch] ?? 0); i++) kill()
      for (let i = 0; i < (zombieMoves[batch] ?? 0); i++) zombies.schedule()
      if (batch < batches - 1) await sleepSeconds(scenario.arrival.everySeconds)
    }
  }

  /** Presses Export `count` times now (a live view's `e`). */
  const press = async (count: number) => {
    for (let i = 0; i < count; i++) await createJob()
  }

  /**
   * A steady stream for a live view: a batch every `everySeconds` until `running()` is false,
   * with `zombies` zombie moves per 20 jobs pressed (its `jobs` is endless).
   */
  const steady = async (running: () => boolean) => {
    let owed = 0
    while (running()) {
      await press(scenario.arrival.batch)
      owed += (scenario.zombies * scenario.arrival.batch) / 20
      for (; owed >= 1; owed--) zombies.schedule()
      await sleepSeconds(Math.max(scenario.arrival.everySeconds, 0.1))
    }
  }

  /** Resolves once every zombie move scheduled so far has been made. */
  const settled = () => zombies.settled()

  return { run, press, steady, kill, settled }
}
