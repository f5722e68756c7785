// The flags of `fake-pleo race --property` (a fast-check campaign over generated scenarios) and
// `--replay FILE` (one counterexample raced again), their help, and which other race flags go
// with them: in a campaign --workers, --jobs, --steals, --kills and --zombies bound the generated
// scenarios, --faults fixes the preset, --seed is fast-check's seed. Every mistake is a
// UsageError (exit code 2).
import type { FaultPreset, ScenarioLimits } from '@fake-pleo/race'
import type { UnsafeMode } from '@fake-pleo/contract'
import { integer, UsageError } from '../args.ts'
import type { RaceArgs } from './args.ts'

export const propertyOptions = {
  property: { type: 'boolean' },
  runs: { type: 'string' },
  out: { type: 'string' },
  replay: { type: 'string' },
} as const

const defaultRuns = 100

export const propertyHelp = `
Property campaign (fast-check over generated scenarios, each raced in-process and checked):
  --property             run a campaign: generated scenarios (workers, jobs, webhook or poll
                         triggers, faults, steals, kills, zombie moves), each raced on the seeded
                         scheduler and judged by the checker. On a violation fast-check shrinks
                         it to a minimal counterexample, shown as a timeline to step through
                         (arrow keys) or, headless, printed with the command that replays it.
                         --workers, --jobs, --steals, --kills, --zombies set the largest drawn;
                         --faults and --expires-in fix the preset and the window; --seed is
                         the campaign's seed
  --runs N               races the campaign generates (default ${defaultRuns}; shrinking adds more)
  --unsafe [MODE]        with --property: every scenario runs on that broken server
  --out FILE             with --property: save the shrunk counterexample as JSON (scenario,
                         seed, history, violations)
  --replay FILE          race a saved counterexample again, in-process, and say whether it
                         replayed the same history and the same violation
`

/** Options a campaign takes; all others are refused with --property. */
const withProperty = new Set([
  'property',
  'runs',
  'out',
  'headless',
  'json',
  'quiet',
  'seed',
  'unsafe',
  'unsafe-claims',
  'workers',
  'jobs',
  'faults',
  'steals',
  'kills',
  'zombies',
  'expires-in',
  'help',
])
const withReplay = new Set(['replay', 'headless', 'json', 'quiet', 'history', 'help'])

export type PropertyArgs = {
  runs: number
  /** fast-check's seed, if given. */
  seed: number | undefined
  unsafe: UnsafeMode[]
  limits: ScenarioLimits
  out: string | undefined
}

function refuse(args: RaceArgs, allowed: Set<string>, mode: string): void {
  const other = args.given.find((name) => !allowed.has(name))
  if (other) throw new UsageError(`--${other} does not go with ${mode}`)
}

/** The campaign's settings from the race flags; throws a UsageError on a bad combination. */
export function parsePropertyArgs(args: RaceArgs): PropertyArgs {
  refuse(args, withProperty, '--property')
  const given = (name: string) => args.given.includes(name)
  const s = args.scenario
  const limits: ScenarioLimits = {
    ...(given('workers') ? { maxWorkers: s.workers } : {}),
    ...(given('jobs') ? { maxJobs: Math.max(1, s.jobs) } : {}),
    ...(given('steals') ? { maxSteals: s.steals } : {}),
    ...(given('kills') ? { maxKills: s.kills } : {}),
    ...(given('zombies') ? { maxZombies: s.zombies } : {}),
    ...(given('faults') ? { faults: [s.faults as FaultPreset] } : {}),
    ...(given('expires-in') ? { expiresIn: s.expiresIn } : {}),
  }
  if (given('jobs') && s.jobs > 1000) {
    throw new UsageError(`--jobs with --property must be at most 1000 (got ${s.jobs})`)
  }
  return {
    runs: integer('runs', args.runs, defaultRuns, 1, 100_000),
    seed: args.seedGiven ? s.seed : undefined,
    unsafe: s.unsafe,
    limits,
    out: args.out,
  }
}

/** Which mode the flags ask for: a campaign, a replay, or neither (then --runs/--out are wrong). */
export function propertyMode(args: RaceArgs): 'property' | 'replay' | null {
  if (args.property && args.replay !== undefined) {
    throw new UsageError('--property and --replay exclude each other')
  }
  if (args.replay !== undefined) {
    refuse(args, withReplay, '--replay')
    return 'replay'
  }
  if (args.property) return 'property'
  if (args.given.includes('runs')) throw new UsageError('--runs needs --property')
  if (args.given.includes('out')) throw new UsageError('--out needs --property or --cmd')
  return null
}
