// Race benchmarks: scenario throughput (claims per real second with 16 workers and 5,000 jobs,
// in-process on the seeded scheduler and over HTTP on 127.0.0.1 in real time), the unsafe server
// as a control (the same shape must produce double claims the checker reports), interleavings per
// second of the scheduled fast-check property, and checker speed on 10^4, 10^5 and 10^6
// operations, and the cost of the zombie moves (the in-process race with one zombie move per 5
// jobs against the same race without, in the same run). Each race must end drained with no
// violation (and the control with some).
import { runRace, scenario, type RaceResult, type Transport } from '@fake-pleo/race'
import { runCheckerSpeed, linearity, type CheckerSpeedRow } from './checker-speed.ts'
import { runScheduledRaceSpeed, type ScheduledRaceSpeed } from './scheduled-races.ts'
import { runCampaignSpeed, type CampaignSpeed } from './campaign.ts'
import { renderTuiBench, runTuiBench, type TuiBench } from './tui.ts'
import { bareRequestMicros } from './machine-unit.ts'
import { conformMet, renderConformBench, runConformBench, type ConformBench } from './conform.ts'

export const raceConfig = {
  workers: 16,
  webhookWorkers: 8,
  jobs: 5000,
  items: [1, 3] as [number, number],
  /** In-process: 50 jobs per virtual second; over HTTP (real time): 100 per second. */
  arrival: { 'in-process': { batch: 50, everySeconds: 1 }, http: { batch: 100, everySeconds: 1 } },
  controlJobs: 500,
  /** Zombie moves in the zombie run: one per 5 jobs, the default scenario's share. */
  zombiesPerJob: 0.2,
  zombieExpiresIn: 120,
  /** Jobs in the zombie pair. */
  zombieJobs: 5000,
  scheduledSeconds: 5,
  /** Runs of the property campaign `--race-quick` measures. */
  campaignRuns: 40,
  checkerSizes: [1e4, 1e5, 1e6],
}

export type RaceRun = {
  transport: Transport
  jobs: number
  workers: number
  durationMs: number
  claimsPerSecond: number
  requests: number
  requestsPerSecond: number
  claimsLost: number
  violations: number
  open: number
  end: string
}

export type RaceBench = {
  config: typeof raceConfig
  inProcess: RaceRun
  http: RaceRun
  unsafeControl: RaceRun & { doubleBooked: number }
  zombies: ZombieBench
  scheduled: ScheduledRaceSpeed
  checker: CheckerSpeedRow[]
  checkerLinearity: number | undefined
  tui: TuiBench
  conform: ConformBench
  verdicts: {
    /**
     * The whole conformance plan against the reference claimer at the default concurrency: all
     * pass, the same verdicts in every run (and at concurrency 1), the median run under 15 s.
     */
    conformUnder15s: boolean
    racesClean: boolean
    controlCaught: boolean
    checkerUnder2s: boolean
    /** At the load (speed 1): at most ~15 frames/s and claims/s within 10% of headless. */
    viewKeepsUp: boolean
  }
}

function row(result: RaceResult): RaceRun {
  const m = result.summary
  return {
    transport: result.transport,
    jobs: m.jobs,
    workers: result.scenario.workers,
    durationMs: m.durationMs,
    claimsPerSecond: m.durationMs > 0 ? (m.claimsWon / m.durationMs) * 1000 : 0,
    requests: m.requests,
    requestsPerSecond: m.durationMs > 0 ? (m.requests / m.durationMs) * 1000 : 0,
    claimsLost: m.claimsLost,
    violations: m.violations,
    open: m.open,
    end: result.end,
  }
}

export type ZombieBench = {
  without: RaceRun
  with: RaceRun & { zombies: number; paused: number }
  /** Claims per second with zombie moves over claims per second without (1 = no cost). */
  ratio: number
}

function shape(
  transport: Transport,
  overrides: { jobs?: number; unsafe?: boolean; zombies?: number; expiresIn?: number } = {},
) {
  return scenario(1, {
    workers: raceConfig.workers,
    webhookWorkers: raceConfig.webhookWorkers,
    jobs: overrides.jobs ?? raceConfig.jobs,
    items: raceConfig.items,
    arrival: raceConfig.arrival[transport],
    itemSeconds: 0,
    expiresIn: overrides.expiresIn ?? 3600,
    unsafe: overrides.unsafe ?? false,
    zombies: overrides.zombies ?? 0,
  })
}

/**
 * The in-process race without zombie moves and with one per 5 jobs, back to back, both with the
 * default scenario's 120 s window: a paused zombie worker waits out a whole window, and with the
 * other runs' hour every idle worker would poll through an hour of virtual time.
 */
export async function runZombieBench(step: (message: string) => void): Promise<ZombieBench> {
  const { workers, zombieJobs: jobs, zombieExpiresIn: expiresIn } = raceConfig
  const zombies = Math.round(jobs * raceConfig.zombiesPerJob)
  step(`race: ${workers} workers, ${jobs} jobs, ${expiresIn} s window, in-process, no zombie moves`)
  const without = row(await runRace(shape('in-process', { jobs, expiresIn })))
  step(`race: the same with ${zombies} zombie moves`)
  const result = await runRace(shape('in-process', { jobs, zombies, expiresIn }))
  const withZombies = {
    ...row(result),
    zombies: result.summary.zombies,
    paused: result.summary.paused,
  }
  const ratio =
    without.claimsPerSecond > 0 ? withZombies.claimsPerSecond / without.claimsPerSecond : 0
  return { without, with: withZombies, ratio }
}

export function renderZombieBench(z: ZombieBench): string {
  const line = (name: string, run: RaceRun) =>
    `| ${name} | ${run.jobs} | ${fixed(run.durationMs / 1000, 1)} | ${fixed(run.claimsPerSecond)} | ${fixed(run.requestsPerSecond)} | ${run.violations} |`
  return [
    '',
    'Zombie moves (in-process, 16 workers; claims and requests per real second)',
    '| run | jobs | s | claims/s | requests/s | violations |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    line('no zombie moves', z.without),
    line(`${z.with.zombies} zombie moves (workers paused: ${z.with.paused})`, z.with),
    `claims/s with zombie moves / without: ${z.ratio.toFixed(2)}`,
  ].join('\n')
}

/**
 * CPU time (user + system) of this process over a run: on a shared machine it moves far less
 * with other work than wall time does, so step-by-step comparisons read it too.
 */
export type CpuFigure = { cpuMs: number; perCpuSecond: number }

export type RaceQuick = {
  inProcess: RaceRun & CpuFigure
  scheduled: ScheduledRaceSpeed & CpuFigure
  /** `race --property` on the safe server: races and distinct interleavings per second. */
  campaign: CampaignSpeed & CpuFigure
  /**
   * The machine's speed in this run (machine-unit.ts): CPU µs of one bare in-process request,
   * before and after the races, and the CPU each claim, interleaving and campaign run took,
   * counted in those requests (the mean of before and after).
   */
  bare: {
    beforeMicros: number
    afterMicros: number
    perClaim: number
    perInterleaving: number
    perCampaignRun: number
  }
}

async function withCpu<T>(work: () => Promise<T>): Promise<{ value: T; cpuMs: number }> {
  const before = process.cpuUsage()
  const value = await work()
  const used = process.cpuUsage(before)
  return { value, cpuMs: (used.user + used.system) / 1000 }
}

const perCpuSecond = (count: number, cpuMs: number) => (cpuMs > 0 ? (count / cpuMs) * 1000 : 0)

/**
 * `pnpm bench --race-quick`: only the two throughput figures, the in-process race (the shape
 * above, `jobs` of them) and the scheduled property for `seconds`, in about a minute.
 */
export async function runRaceQuick(
  step: (message: string) => void,
  options: { jobs?: number; seconds?: number } = {},
): Promise<RaceQuick> {
  const jobs = options.jobs ?? raceConfig.jobs
  const seconds = options.seconds ?? raceConfig.scheduledSeconds
  step('race: the machine unit (a bare in-process request), before')
  const beforeMicros = await bareRequestMicros()
  step(`race: ${raceConfig.workers} workers, ${jobs} jobs, in-process (seeded scheduler)`)
  const race = await withCpu(() => runRace(shape('in-process', { jobs })))
  const run = row(race.value)
  const inProcess = {
    ...run,
    cpuMs: race.cpuMs,
    perCpuSecond: perCpuSecond(race.value.summary.claimsWon, race.cpuMs),
  }
  step(`race: scheduled fast-check property for ${seconds} s`)
  const property = await withCpu(() => runScheduledRaceSpeed(seconds))
  const scheduled = {
    ...property.value,
    cpuMs: property.cpuMs,
    perCpuSecond: perCpuSecond(property.value.runs, property.cpuMs),
  }
  step(`race: property campaign (race --property), ${raceConfig.campaignRuns} runs`)
  const generated = await withCpu(() => runCampaignSpeed(raceConfig.campaignRuns))
  const campaign = {
    ...generated.value,
    cpuMs: generated.cpuMs,
    perCpuSecond: perCpuSecond(generated.value.runs, generated.cpuMs),
  }
  step('race: the machine unit (a bare in-process request), after')
  const afterMicros = await bareRequestMicros()
  const unitMs = (beforeMicros + afterMicros) / 2 / 1000
  const inUnits = (cpuMs: number, count: number) => (count > 0 ? cpuMs / count / unitMs : 0)
  const bare = {
    beforeMicros,
    afterMicros,
    perClaim: inUnits(race.cpuMs, race.value.summary.claimsWon),
    perInterleaving: inUnits(property.cpuMs, property.value.runs),
    perCampaignRun: inUnits(generated.cpuMs, generated.value.runs),
  }
  return { inProcess, scheduled, campaign, bare }
}

export function renderRaceQuick(r: RaceQuick): string {
  const run = r.inProcess
  return [
    '| figure | value |',
    '| --- | ---: |',
    `| in-process race: jobs | ${run.jobs} |`,
    `| in-process race: s | ${fixed(run.durationMs / 1000, 1)} |`,
    `| in-process race: claims/s | ${fixed(run.claimsPerSecond)} |`,
    `| in-process race: requests/s | ${fixed(run.requestsPerSecond)} |`,
    `| in-process race: violations, open | ${run.violations}, ${run.open} |`,
    `| in-process race: claims per CPU second (whole run, set-up and check included) | ${fixed(run.perCpuSecond)} (${fixed(run.cpuMs / 1000, 1)} CPU s) |`,
    `| scheduled property: interleavings/s | ${fixed(r.scheduled.perSecond, 1)} (${r.scheduled.runs} runs in ${fixed(r.scheduled.seconds, 1)} s) |`,
    `| scheduled property: interleavings per CPU second | ${fixed(r.scheduled.perCpuSecond, 1)} (${fixed(r.scheduled.cpuMs / 1000, 1)} CPU s) |`,
    `| property campaign: runs/s | ${fixed(r.campaign.runsPerSecond, 1)} (${r.campaign.runs} runs in ${fixed(r.campaign.seconds, 1)} s) |`,
    `| property campaign: interleavings/s | ${fixed(r.campaign.interleavingsPerSecond, 1)} (${r.campaign.interleavings} distinct) |`,
    `| property campaign: runs per CPU second | ${fixed(r.campaign.perCpuSecond, 1)} (${fixed(r.campaign.cpuMs / 1000, 1)} CPU s) |`,
    `| machine unit: CPU µs of a bare in-process request, before · after | ${fixed(r.bare.beforeMicros, 1)} · ${fixed(r.bare.afterMicros, 1)} |`,
    `| CPU of a claim, in bare requests (whole race run) | ${fixed(r.bare.perClaim)} |`,
    `| CPU of an interleaving of the property, in bare requests | ${fixed(r.bare.perInterleaving)} |`,
    `| CPU of a campaign run, in bare requests | ${fixed(r.bare.perCampaignRun)} |`,
  ].join('\n')
}

export async function runRaceBench(step: (message: string) => void): Promise<RaceBench> {
  const { workers, jobs } = raceConfig
  step(`race: ${workers} workers, ${jobs} jobs, in-process (seeded scheduler)`)
  const inProcess = row(await runRace(shape('in-process')))
  step(`race: ${workers} workers, ${jobs} jobs, over HTTP on 127.0.0.1 (real time)`)
  const http = row(await runRace(shape('http'), { transport: 'http', speed: 1 }))
  step(`race: control on the unsafe server, ${raceConfig.controlJobs} jobs, in-process`)
  const control = await runRace(shape('in-process', { jobs: raceConfig.controlJobs, unsafe: true }))
  const zombies = await runZombieBench(step)
  step(`race: scheduled fast-check property for ${raceConfig.scheduledSeconds} s`)
  const scheduled = await runScheduledRaceSpeed(raceConfig.scheduledSeconds)
  step('race: checker speed on synthetic histories')
  const checker = await runCheckerSpeed(raceConfig.checkerSizes)
  const tui = await runTuiBench(step)
  const conform = await runConformBench(step)
  const realTime = tui.loads.find((load) => load.speed === 1)
  const unsafeControl = { ...row(control), doubleBooked: control.summary.doubleBooked }
  const clean = (r: RaceRun) => r.violations === 0 && r.open === 0 && r.end === 'done'
  return {
    config: raceConfig,
    inProcess,
    http,
    unsafeControl,
    zombies,
    scheduled,
    checker,
    checkerLinearity: linearity(checker),
    tui,
    conform,
    verdicts: {
      conformUnder15s: conformMet(conform),
      viewKeepsUp:
        realTime !== undefined &&
        realTime.ratio >= 0.9 &&
        (realTime.withView.framesPerSecond ?? Number.POSITIVE_INFINITY) <= 16,
      racesClean: clean(inProcess) && clean(http) && clean(zombies.with),
      controlCaught: unsafeControl.violations > 0,
      checkerUnder2s: (checker.at(-1)?.ms ?? Number.POSITIVE_INFINITY) < 2000,
    },
  }
}

const fixed = (n: number, digits = 0) => n.toFixed(digits)

export function renderRaceBench(r: RaceBench): string {
  const runs = [r.inProcess, r.http, r.unsafeControl]
  const lines = [
    '',
    'Races (16 workers; claims and requests per real second while the race ran)',
    '| run | jobs | s | claims/s | requests/s | lost claims | violations |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...runs.map(
      (run, i) =>
        `| ${i === 2 ? 'unsafe control, in-process' : run.transport} | ${run.jobs} | ${fixed(run.durationMs / 1000, 1)} | ${fixed(run.claimsPerSecond)} | ${fixed(run.requestsPerSecond)} | ${run.claimsLost} | ${run.violations} |`,
    ),
    '',
    `Scheduled property: ${fixed(r.scheduled.perSecond, 1)} interleavings/s (${r.scheduled.runs} runs in ${fixed(r.scheduled.seconds, 1)} s)`,
    '',
    '| checker: operations | ms | ns/op |',
    '| ---: | ---: | ---: |',
    ...r.checker.map((c) => `| ${c.operations} | ${fixed(c.ms, 1)} | ${fixed(c.nsPerOp)} |`),
    `linearity (time ratio / size ratio, 1 = linear): ${r.checkerLinearity?.toFixed(2) ?? 'n/a'}`,
    renderZombieBench(r.zombies),
    renderTuiBench(r.tui),
    renderConformBench(r.conform),
  ]
  return lines.join('\n')
}
