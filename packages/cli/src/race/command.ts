// `fake-pleo race`: on a terminal, the live view (packages/tui) over a live race; otherwise (or
// with --headless / --json) one finite race run to the end, its summary printed. Progress (jobs
// ended so far) goes to stderr about once a second unless --quiet; the history is written with
// --history. With --api the race runs against a running fake-pleo serve; with --cmd it races
// instances of your own integration (own.ts, in the live view too). Exit code 0 when the checker
// found nothing, 1 when it found a violation (or the race could not run as planned).
import { writeFileSync } from 'node:fs'
import { randomInt } from 'node:crypto'
import {
  attachEnvironment,
  runRace,
  startLiveRace,
  toJsonLines,
  type Operation,
  type RaceOptions,
  type Scenario,
} from '@fake-pleo/race'
import { parseRaceArgs, raceHelp, type RaceArgs } from './args.ts'
import { propertyMode } from './property-args.ts'
import { ownRace } from './own.ts'
import { renderJson, renderSummary } from './report.ts'

export type RaceIo = {
  out: (text: string) => void
  err: (text: string) => void
  /** Whether stdout is a terminal (the live view needs one). */
  terminal?: boolean
}

/** Counts finished jobs from the operations as they are recorded; prints at most once a second. */
function progress(io: RaceIo, jobs: number, quiet: boolean) {
  let ended = 0
  let last = performance.now()
  return (op: Operation) => {
    if (quiet || op.f !== 'finish' || op.type !== 'ok') return
    ended += 1
    const now = performance.now()
    if (now - last < 1000) return
    last = now
    io.err(`race: ${ended}/${jobs} jobs finished by an event so far\n`)
  }
}

function environmentOf(args: RaceArgs): Pick<RaceOptions, 'environment'> {
  const { api } = args
  if (api === undefined) return {}
  return {
    environment: (scenario: Scenario) =>
      attachEnvironment(scenario, {
        url: api,
        ...(args.adminToken !== undefined ? { adminToken: args.adminToken } : {}),
        ...(args.speed !== undefined ? { speed: args.speed } : {}),
      }),
  }
}

async function live(args: RaceArgs, io: RaceIo): Promise<number> {
  // React's production build: the development one checks every render and slows the race.
  process.env.NODE_ENV ??= 'production'
  const { runTui } = await import('@fake-pleo/tui')
  const { summary } = await runTui({
    scenario: args.scenario,
    start: (scenario) =>
      startLiveRace(scenario, {
        ...environmentOf(args),
        ...(args.speed !== undefined ? { speed: args.speed } : {}),
      }),
  })
  if (summary) {
    io.out(
      `race: seed ${args.scenario.seed}: ${summary.jobs} jobs, ${summary.completed} completed, ` +
        `${summary.expired} expired, ${summary.claimsWon} claims won, ${summary.claimsLost} lost, ` +
        `${summary.doubleBooked} entries booked twice, ${summary.violations} violations\n`,
    )
  }
  return summary === undefined || summary.violations === 0 ? 0 : 1
}

async function headless(args: RaceArgs, io: RaceIo): Promise<number> {
  const { scenario } = args
  if (!args.quiet) {
    const where = args.api ? `, against ${args.api}` : args.http ? ', over HTTP' : ''
    io.err(
      `race: seed ${scenario.seed}${args.seedGiven ? '' : ' (random; pass --seed to replay)'}, ` +
        `${scenario.workers} workers, ${scenario.jobs} jobs${where}\n`,
    )
  }
  const result = await runRace(scenario, {
    transport: args.http || args.api ? 'http' : 'in-process',
    ...environmentOf(args),
    ...(args.speed !== undefined ? { speed: args.speed } : {}),
    onOperation: progress(io, scenario.jobs, args.quiet),
  })
  if (args.history) writeFileSync(args.history, toJsonLines(result.history))
  io.out(args.json ? renderJson(result, args.history) : renderSummary(result, args.history))
  return result.check.valid && result.errors.length === 0 ? 0 : 1
}

export async function raceCommand(argv: string[], io: RaceIo): Promise<number> {
  const args = parseRaceArgs(argv, () => randomInt(0, 2 ** 31 - 1), io.terminal ?? false)
  if (args.help) {
    io.out(raceHelp)
    return 0
  }
  if (args.own) return ownRace(args, args.own, io)
  const mode = propertyMode(args)
  if (mode) return (await import('./property.ts')).propertyCommand(mode, args, io)
  return args.live ? live(args, io) : headless(args, io)
}
