// `fake-pleo race` arguments: the scenario's fields as flags (a `--scenario FILE` of JSON first,
// flags on top), where to run and what to print. Every mistake is a UsageError (exit code 2).
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { defaultScenario, faultPresets, scenarioSchema, type Scenario } from '@fake-pleo/race'
import { choice, integer, UsageError } from '../args.ts'

export const raceHelp = `Usage: fake-pleo race --headless [options]

Race reference claimers for export jobs against a fake, record every request they make as a
history, and check it against the six claim-safety invariants: one accepted claim per job,
nothing accepted after a job ended or expired, one job per worker at a time, always the oldest
eligible job, every job ends, and the fake's final state agrees with the history.
The scenario (jobs, faults, steals, kills) is drawn from --seed: the same seed replays the same
race in-process. Prints a summary; the live view is not part of this version, so every run is
headless.

Options:
  --headless             print the summary only (today every run is headless; the flag keeps
                         scripts working once the live view exists)
  --workers N            racing workers (default 4)
  --jobs M               export jobs pressed (default 20)
  --seed S               seed for everything random (default: a random one, printed)
  --unsafe               run the fake with check-then-act claims: a demo of the double claim
                         that the atomic claim prevents (the checker reports it)
  --faults PRESET        ${faultPresets.join(' | ')} (default none)
  --items MIN[-MAX]      items per job, at least 1 (default 1-5)
  --webhook-workers N    workers woken by signed webhooks; the rest poll (default half)
  --steals N             claims another integration steals (default 0)
  --kills N              times a worker is killed and restarted (default 0)
  --expires-in SECS      the jobs' expiry window (default 120)
  --http                 race over real HTTP on 127.0.0.1 (realistic, not exactly repeatable)
  --scenario FILE        read the scenario from a JSON file (flags override its fields)
  --history FILE         write the history as JSON lines (see docs/race-history.md)
  --json                 print the result as one JSON object
  --quiet                no progress lines on stderr
  -h, --help             show this help

Exit codes: 0 the checker found no violation, 1 it found at least one (or the race could not
run as planned), 2 bad arguments.
`

export type RaceArgs = {
  help: boolean
  scenario: Scenario
  seedGiven: boolean
  http: boolean
  history: string | undefined
  json: boolean
  quiet: boolean
}

function readScenarioFile(path: string): Record<string, unknown> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new UsageError(`--scenario: cannot read ${path}: ${(error as Error).message}`)
  }
  try {
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error()
    return parsed as Record<string, unknown>
  } catch {
    throw new UsageError(`--scenario: ${path} is not a JSON object`)
  }
}

function itemRange(value: string | undefined): [number, number] | undefined {
  if (value === undefined) return undefined
  const match = /^(\d+)(?:-(\d+))?$/.exec(value)
  if (!match) throw new UsageError(`--items must be N or MIN-MAX (got '${value}')`)
  const min = integer('items', match[1], 1, 1, 1000)
  const max = integer('items', match[2] ?? match[1], 1, 1, 1000)
  if (min > max) throw new UsageError(`--items: MIN must not be above MAX (got '${value}')`)
  return [min, max]
}

const options = {
  headless: { type: 'boolean' },
  workers: { type: 'string' },
  jobs: { type: 'string' },
  seed: { type: 'string' },
  unsafe: { type: 'boolean' },
  faults: { type: 'string' },
  items: { type: 'string' },
  'webhook-workers': { type: 'string' },
  steals: { type: 'string' },
  kills: { type: 'string' },
  'expires-in': { type: 'string' },
  http: { type: 'boolean' },
  scenario: { type: 'string' },
  history: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

export function parseRaceArgs(argv: string[], randomSeed: () => number): RaceArgs {
  const { values } = parseArgs({ args: argv, strict: true, options })
  const base = values.scenario ? readScenarioFile(values.scenario) : {}
  const number = (name: string, value: string | undefined, max: number, min = 0) =>
    value === undefined ? undefined : integer(name, value, 0, min, max)
  const seed = number('seed', values.seed, 2 ** 31 - 1) ?? (base.seed as number | undefined)
  const workers = number('workers', values.workers, 256, 1) ?? (base.workers as number | undefined)
  const flags: Record<string, unknown> = {
    workers,
    jobs: number('jobs', values.jobs, 1_000_000),
    unsafe: values.unsafe,
    faults: values.faults ? choice('faults', values.faults, faultPresets, 'none') : undefined,
    items: itemRange(values.items),
    webhookWorkers: number('webhook-workers', values['webhook-workers'], 256),
    steals: number('steals', values.steals, 1_000_000),
    kills: number('kills', values.kills, 100_000),
    expiresIn: number('expires-in', values['expires-in'], 86_400, 1),
  }
  const defined = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined))
  const merged: Record<string, unknown> = { ...defaultsFor(workers ?? 4), ...base, ...defined }
  merged.seed = seed ?? randomSeed()
  if (typeof merged.webhookWorkers === 'number' && typeof merged.workers === 'number') {
    if (merged.webhookWorkers > merged.workers) {
      throw new UsageError(
        `--webhook-workers (${merged.webhookWorkers}) must not exceed --workers (${merged.workers})`,
      )
    }
  }
  const parsed = scenarioSchema.safeParse(merged)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new UsageError(`scenario: ${issue?.path.join('.') || 'value'}: ${issue?.message ?? ''}`)
  }
  return {
    help: values.help ?? false,
    scenario: parsed.data,
    seedGiven: seed !== undefined,
    http: values.http ?? false,
    history: values.history,
    json: values.json ?? false,
    quiet: values.quiet ?? false,
  }
}

/** The scenario defaults, with half the workers (rounded down) woken by webhooks. */
function defaultsFor(workers: number) {
  return { ...defaultScenario, webhookWorkers: Math.floor(workers / 2) }
}
