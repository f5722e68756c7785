// raceIntegration: `fake-pleo race --cmd`. N instances of the user's integration against one
// fake (a stage), while the race engine's nemesis presses Export in bursts, injects the fault
// preset, steals claims and kills and restarts instances. The history is built from what the
// fake observed of each instance (history-tap.ts); once every job has ended (or the time is up)
// the instances are stopped, the fake's final state read, and the race engine's checker judges
// the six invariants of DESIGN §5 for the integration. Jobs left open only because the nemesis
// stole and abandoned them are moved past their window on the fake's clock, so the run need not
// wait for them in real time; nothing the integration holds or has not claimed is moved.
import { setTimeout as sleep } from 'node:timers/promises'
import { createRandom } from '@fake-pleo/contract'
import {
  checkHistory,
  createNemesis,
  createRecorder,
  faultRules,
  readFinalState,
  type CheckResult,
  type FinalState,
  type Operation,
  type RaceEnvironment,
  type Scenario,
} from '@fake-pleo/race'
import type { IntegrationSpec } from '../integration.ts'
import { startStage, type Stage } from '../stage.ts'
import { stageEnvironment, type StageEnvironment } from './environment.ts'
import { recordInstances } from './history-tap.ts'
import { createInstances, type Instance } from './instances.ts'

export type IntegrationRaceOptions = {
  integration: IntegrationSpec
  /** The race: `workers` is the number of instances; `webhookWorkers`, `unsafe` and `zombies` are not used. */
  scenario: Scenario
  /** Virtual seconds per real second on the fake's clock (default 1: the instances' own time). */
  speed?: number
  /** Real seconds the whole race may take, setup and drain included (default 120). */
  timeoutSeconds?: number
  onOperation?: (operation: Operation) => void
  /** Called once the fake is up, with the race's environment (a live view reads the jobs). */
  onEnvironment?: (env: RaceEnvironment) => void
  /** Aborted: the race stops early (the nemesis's waits dropped, no drain), as if stalled. */
  signal?: AbortSignal
}

export type IntegrationRaceResult = {
  /** The fake's version (the kit's). */
  version: string
  scenario: Scenario
  command: string
  history: Operation[]
  finalState: FinalState
  check: CheckResult
  /** `stalled`: the time was up before every job ended. */
  end: 'done' | 'stalled'
  instances: { index: number; apiKey: string; starts: number; output: string[]; requests: number }[]
  /** Jobs the nemesis pressed, oldest first. */
  created: string[]
  /** What the kit could not do (the race went on); a setup failure ends it (`error`). */
  errors: string[]
  /** The race could not be run at all (an instance never listened): why. */
  error?: string
  durationMs: number
  startedAt: string
  stage: Pick<Stage, 'requests' | 'deliveries' | 'stimuli'>
}

export async function raceIntegration(
  options: IntegrationRaceOptions,
): Promise<IntegrationRaceResult> {
  const started = performance.now()
  const startedAt = new Date().toISOString()
  const deadline = started + (options.timeoutSeconds ?? 120) * 1000
  const scenario: Scenario = { ...options.scenario, zombies: 0, unsafe: [] }
  const stage = await startStage({ expiresIn: scenario.expiresIn })
  const env = stageEnvironment(stage, options.speed ?? 1)
  const { signal } = options
  const abort = () => env.cancel('nemesis', new Error('the race was stopped'))
  signal?.addEventListener('abort', abort, { once: true })
  options.onEnvironment?.(env)
  const recorder = createRecorder({
    sim: () => env.now(),
    ...(options.onOperation ? { onOperation: options.onOperation } : {}),
  })
  const errors: string[] = []
  let running = true
  const created: string[] = []
  let instances: Instance[] = []
  let stop: () => Promise<void> = async () => undefined
  let end: 'done' | 'stalled' = 'stalled'
  let error: string | undefined
  try {
    const set = await createInstances({
      stage,
      integration: options.integration,
      count: scenario.workers,
      pollSeconds: scenario.pollSeconds,
      recorder,
      running: () => running,
      onError: (message) => errors.push(message),
    })
    instances = [...set.all]
    stop = () => set.stopAll()
    const untap = recordInstances(
      stage,
      recorder,
      instances.map((i) => i.apiKey),
    )
    const faultSeed = `race-${scenario.seed}`
    await env.setFaults(faultSeed, faultRules(scenario.faults))
    try {
      await set.startAll(Math.min(15_000, Math.max(deadline - performance.now(), 1000)))
      const nemesis = createNemesis({
        env,
        recorder,
        scenario,
        workers: instances.map((i) => i.worker),
        random: createRandom(`race-${scenario.seed}`),
        created,
        onError: (message) => errors.push(`nemesis: ${message}`),
      })
      if (signal?.aborted) throw new Error('the race was stopped')
      await nemesis.run()
      end = await drain(env, recorder.operations, scenario, deadline, signal)
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught)
    } finally {
      running = false
      await set.stopAll()
      untap()
    }
  } catch (caught) {
    error ??= caught instanceof Error ? caught.message : String(caught)
    await stop()
  } finally {
    running = false
    signal?.removeEventListener('abort', abort)
    await env.close()
  }
  try {
    await stage.control.clearFaults()
    const finalState = await readFinalState(env)
    const check = checkHistory(recorder.operations, finalState)
    // The server is loaded by the stage, not by importing the kit.
    const { version } = await import('@fake-pleo/server')
    return {
      version,
      scenario,
      command: options.integration.command,
      history: recorder.operations,
      finalState,
      check,
      end,
      instances: instances.map((i) => ({
        index: i.index,
        apiKey: i.apiKey,
        starts: i.starts,
        output: [...i.output],
        requests: stage.requests.filter((c) => c.apiKey === i.apiKey).length,
      })),
      created,
      errors,
      ...(error === undefined ? {} : { error }),
      durationMs: performance.now() - started,
      startedAt,
      stage: { requests: stage.requests, deliveries: stage.deliveries, stimuli: stage.stimuli },
    }
  } finally {
    await stage.stop()
  }
}

/**
 * Waits until every job has ended and every instance the nemesis killed has been started again
 * (a kill late in the race still tests the restart), moving the fake's clock past the window of
 * jobs only the nemesis holds (stolen, abandoned); answers `stalled` when the deadline passes
 * first.
 */
async function drain(
  env: StageEnvironment,
  history: readonly Operation[],
  scenario: Scenario,
  deadline: number,
  signal?: AbortSignal,
): Promise<'done' | 'stalled'> {
  while (performance.now() < deadline && !signal?.aborted) {
    const open = await openJobIds(env)
    if (open.length === 0 && !restartOwed(history)) return 'done'
    const stolen = stolenJobs(history)
    if (open.every((id) => stolen.has(id))) env.advance((scenario.expiresIn + 1) * 1000)
    await sleep(100)
  }
  return 'stalled'
}

/** Whether an instance was killed and not yet started again. */
function restartOwed(history: readonly Operation[]): boolean {
  let owed = 0
  for (const op of history) {
    if (op.f === 'crash') owed++
    else if (op.f === 'restart') owed--
  }
  return owed > 0
}

/** Jobs whose claim the nemesis won (no instance can hold them). */
function stolenJobs(history: readonly Operation[]): Set<string> {
  const ids = new Set<string>()
  for (const op of history) {
    if (op.process === 'nemesis' && op.f === 'claim' && op.type === 'ok' && op.jobId) {
      ids.add(op.jobId)
    }
  }
  return ids
}

async function openJobIds(env: StageEnvironment): Promise<string[]> {
  const query = new URLSearchParams({ company_id: env.companyId, limit: '100' })
  query.append('statuses', 'pending')
  query.append('statuses', 'in_progress')
  const response = await env.direct(`${env.baseUrl}/v3/export-jobs?${query}`, {
    headers: { authorization: `Basic ${Buffer.from(`${env.apiKey}:`).toString('base64')}` },
  })
  if (!response.ok) return ['?'] // a fault or a hiccup: not drained yet
  const body = (await response.json()) as { data: { id: string }[] }
  return body.data.map((job) => job.id)
}
