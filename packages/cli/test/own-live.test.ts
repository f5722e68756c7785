// The live view's race over `race --cmd` (own-live.ts): what an own race's operations become in
// the live view's state (the TUI's own reducer): the instances are its workers, a claim an
// instance won shows as the job it holds, a crash as a crashed worker; the verdict arrives when
// the race ends; commands that would change the race are refused without effect.
import { describe, expect, it } from 'vitest'
import type { IntegrationRaceResult } from '@fake-pleo/conformance'
import {
  checkHistory,
  createRecorder,
  defaultScenario,
  type FinalJob,
  type LiveEvent,
  type Operation,
  type RaceEnvironment,
} from '@fake-pleo/race'
import { initialState, raceReducer, type RaceState } from '@fake-pleo/tui'
import { ownLiveRace, type OwnRun } from '../src/race/own-live.ts'

const scenario = { ...defaultScenario, seed: 1, workers: 2, jobs: 1 }

/** An own race whose operations the test records; it ends when `end()` is called. */
function scriptedRun() {
  let hooks: Parameters<OwnRun>[0] | undefined
  let finish: (result: IntegrationRaceResult) => void = () => undefined
  const run: OwnRun = (h) => {
    hooks = h
    return new Promise((resolve) => (finish = resolve))
  }
  let sim = 1_000
  const recorder = createRecorder({
    sim: () => sim++,
    onOperation: (op) => hooks?.onOperation(op),
  })
  const end = (jobs: Omit<FinalJob, 'expiredAt'>[] = []) => {
    const history: Operation[] = recorder.operations
    const finalState = { jobs: jobs.map((job) => ({ ...job, expiredAt: null })) }
    finish({
      version: 'test',
      scenario,
      command: 'node claimer.js',
      history,
      finalState,
      check: checkHistory(history, finalState),
      end: 'done',
      instances: [],
      created: [],
      errors: [],
      durationMs: 10,
      startedAt: new Date(0).toISOString(),
      stage: { requests: [], deliveries: [], stimuli: [] },
    } as unknown as IntegrationRaceResult)
  }
  return { run, recorder, end, aborted: () => hooks?.signal.aborted ?? false }
}

/** Feeds every batch to the TUI's reducer until `until` holds of the state. */
function viewUntil(
  race: ReturnType<typeof ownLiveRace>,
  until: (state: RaceState) => boolean,
): Promise<RaceState> {
  let state = initialState(scenario)
  return new Promise((resolve) => {
    const off = race.subscribe((events: readonly LiveEvent[]) => {
      state = raceReducer(state, { type: 'events', events, at: 0 })
      if (until(state)) {
        off()
        resolve(state)
      }
    })
  })
}

describe('the live view over race --cmd', () => {
  it('shows the instances as workers and a claim an instance won as the job it holds', async () => {
    const own = scriptedRun()
    const race = ownLiveRace(scenario, own.run, { speed: 1, batchMs: 1, tickMs: 60_000 })
    own.recorder.invoke('nemesis', 'create', undefined, { numberOfItems: 1 })('ok', {
      jobs: [{ id: 'job-a', createdAt: new Date(0).toISOString() }],
    })
    own.recorder.invoke(1, 'claim', 'job-a')('ok')
    own.recorder.invoke(0, 'claim', 'job-a')('fail', { status: 422, error: 'claimed' })
    const state = await viewUntil(race, (s) => s.workers.get(1)?.jobId === 'job-a')
    expect([...state.workers.keys()].sort()).toEqual([0, 1])
    expect(state.workers.get(1)).toMatchObject({ activity: 'processing', jobId: 'job-a', won: 1 })
    expect(state.workers.get(0)).toMatchObject({ jobId: null, lost: 1 })
    own.end()
    await race.stop()
  })

  it('shows a killed instance as crashed, and the verdict of the checker once the race ends', async () => {
    const own = scriptedRun()
    const race = ownLiveRace(scenario, own.run, { speed: 1, batchMs: 1, tickMs: 60_000 })
    const viewed = viewUntil(race, (s) => s.summary !== undefined)
    own.recorder.invoke(0, 'claim', 'job-b')('ok')
    own.recorder.note(0, 'crash')
    own.end([{ id: 'job-z', status: 'expired', createdAt: new Date(0).toISOString() }])
    const state = await viewed
    expect(state.workers.get(0)?.activity).toBe('crashed')
    // job-b was never pressed nor held at the end, job-z never seen: the checker finds that, and
    // the view shows it.
    expect(state.summary).toMatchObject({ claimsWon: 1, kills: 1 })
    expect(state.summary?.violations).toBeGreaterThan(0)
    expect(state.log.lines.some((l) => /^! invariant \d: /.test(l.text))).toBe(true)
    expect(state.violationCount).toBe(state.summary?.violations)
    // The jobs pane ends with the jobs the fake held at the end.
    expect(state.jobs?.counts.expired).toBe(1)
    expect(state.jobs?.recent.map((j) => j.id)).toEqual(['job-z'])
    expect(own.aborted()).toBe(false)
    expect((await race.stop()).claimsWon).toBe(1)
  })

  it('refuses commands that would change the race, and quitting early stops it', async () => {
    const own = scriptedRun()
    const race = ownLiveRace(scenario, own.run, { speed: 1, batchMs: 1, tickMs: 60_000 })
    const viewed = viewUntil(race, (s) =>
      s.log.lines.some((l) => l.text.includes('not with --cmd')),
    )
    race.send({ type: 'add-worker' })
    race.send({ type: 'set-speed', speed: 8 })
    const state = await viewed
    expect(state.workers.size).toBe(2)
    const stopped = race.stop()
    expect(own.aborted()).toBe(true)
    own.end()
    await stopped
  })

  it('reads the jobs from the fake on each tick once the environment is there', async () => {
    const own = scriptedRun()
    let run: Parameters<OwnRun>[0] | undefined
    const race = ownLiveRace(
      scenario,
      (hooks) => {
        run = hooks
        return own.run(hooks)
      },
      { speed: 1, batchMs: 1, tickMs: 5 },
    )
    const asked: string[] = []
    const env = {
      baseUrl: 'http://fake.test',
      companyId: 'company-1',
      apiKey: 'key',
      now: () => 5_000,
      fetchFor: () => async (input: string) => {
        asked.push(input)
        return Response.json({ items: [], pagination: { total: 0 } })
      },
      direct: async (input: string) => {
        asked.push(input)
        return Response.json({ items: [], pagination: { total: 0 } })
      },
    } as unknown as RaceEnvironment
    run!.onEnvironment(env)
    const state = await viewUntil(race, (s) => s.now === 5_000)
    expect(asked.some((url) => url.includes('/export-jobs'))).toBe(true)
    expect(state.jobs?.counts.pending).toBe(0)
    own.end()
    await race.stop()
  })
})
