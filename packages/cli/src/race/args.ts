// `fake-pleo race` arguments: the scenario's fields as flags (a `--scenario FILE` of JSON first,
// flags on top), where to run and what to print. Every mistake is a UsageError (exit code 2).
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { isHttpUrl } from '@fake-pleo/contract'
import { defaultScenario, faultPresets, scenarioSchema, type Scenario } from '@fake-pleo/race'
import { bareUnsafe, choice, integer, unsafeModesArg, UsageError } from '../args.ts'
import { propertyHelp, propertyOptions } from './property-args.ts'
import {
  ownDefaults,
  ownHelp,
  ownOptions,
  ownScenarioFlags,
  type OwnRaceArgs,
  parseOwnArgs,
} from './own-args.ts'

export const raceHelp = `Usage: fake-pleo race [options]

Race reference claimers for export jobs against a fake, record every request they make as a
history, and check it against the six claim-safety invariants: one accepted claim per job,
nothing accepted after a job ended or expired, one job per worker at a time, always the oldest
eligible job, every job ends, and the fake's final state agrees with the history.

On a terminal it opens the live view: workers racing for a steady stream of jobs, which you can
steer with keys (the footer lists them). With --headless, --json, or when stdin or stdout is
not a terminal, it runs a finite race (--jobs) to the end and prints a summary instead; the
scenario is drawn from --seed, and the same seed replays the same race in-process.

Options:
  --headless             run to the end and print the summary (no live view)
  --workers N            racing workers (default 4; live view 6)
  --jobs M               export jobs pressed, headless (default 20; the live view presses a
                         steady stream until you quit)
  --seed S               seed for everything random (default: a random one, printed)
  --unsafe [MODE[,MODE]] run the fake with a rule broken on purpose, to watch the checker catch
                         it: claims (the default: check-then-act claims, the double claim the
                         atomic claim prevents), late-items (item updates accepted after the
                         job ended), second-final (a final event accepted on an ended job),
                         no-expiry (jobs never expire), big-batches (item updates of more than
                         100 items accepted). --unsafe-claims is --unsafe claims
  --faults PRESET        ${faultPresets.join(' | ')} (default none; live view mild)
  --items MIN[-MAX]      items per job, at least 1 (default 1-5; live view 1-8)
  --webhook-workers N    workers woken by signed webhooks; the rest poll (default half)
  --steals N             claims another integration steals, headless (default 0)
  --kills N              times a worker is killed and restarted, headless (default 0)
  --zombies N            zombie moves of a misbehaving integration: late item updates and a
                         second final event on ended jobs, a stale started, an update of more
                         than 100 items, a worker paused past its job's expiry that keeps
                         writing. The server must refuse each (default 4 over the race; the
                         live view makes N per 20 jobs pressed; 0: none)
  --expires-in SECS      the jobs' expiry window (default 120)
  --speed X              virtual seconds per real second: the live view's starting speed
                         (default 2) or the --http race's clock (default 10)
  --http                 headless race over real HTTP on 127.0.0.1 (realistic, not repeatable)
  --api URL              race against a running fake-pleo serve at URL (its own company there;
                         --unsafe needs the server started with --unsafe MODE)
  --admin-token T        the control API token of that server (serve --admin-token)
  --scenario FILE        read the scenario from a JSON file, or a JSON object given in place of
                         FILE (flags override its fields)
  --history FILE         headless: write the history as JSON lines (docs/race-history.md)
  --json                 print the result as one JSON object (implies --headless)
  --quiet                no progress lines on stderr
  -h, --help             show this help
${propertyHelp}
${ownHelp}
Exit codes: 0 the checker found no violation, 1 it found at least one (or the race could not
run as planned), 2 bad arguments.
`

export type RaceArgs = {
  help: boolean
  /** The live view: on a terminal, without --headless or --json. */
  live: boolean
  scenario: Scenario
  seedGiven: boolean
  http: boolean
  api: string | undefined
  adminToken: string | undefined
  speed: number | undefined
  history: string | undefined
  json: boolean
  quiet: boolean
  /** The options given, by name (the property campaign checks which go together). */
  given: string[]
  property: boolean
  runs: string | undefined
  out: string | undefined
  replay: string | undefined
  /** With --cmd: the race over your own integration's instances. */
  own: OwnRaceArgs | undefined
}

function readScenarioFile(path: string): Record<string, unknown> {
  let text: string
  try {
    // A JSON object in place of a file name: a one-line replay of a counterexample.
    text = path.trimStart().startsWith('{') ? path : readFileSync(path, 'utf8')
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
  unsafe: { type: 'string' },
  'unsafe-claims': { type: 'boolean' },
  zombies: { type: 'string' },
  faults: { type: 'string' },
  items: { type: 'string' },
  'webhook-workers': { type: 'string' },
  steals: { type: 'string' },
  kills: { type: 'string' },
  'expires-in': { type: 'string' },
  http: { type: 'boolean' },
  api: { type: 'string' },
  'admin-token': { type: 'string' },
  speed: { type: 'string' },
  scenario: { type: 'string' },
  history: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...propertyOptions,
  ...ownOptions,
} as const

/** The live view's scenario: a steady stream of jobs, six workers, mild faults. */
const liveDefaults = {
  ...defaultScenario,
  workers: 6,
  jobs: 1_000_000,
  arrival: { batch: 2, everySeconds: 2 },
  items: [1, 8] as [number, number],
  itemSeconds: 0.25,
  faults: 'mild' as const,
}

function parseSpeed(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const speed = Number(value)
  if (!/^\d+(\.\d+)?$/.test(value) || speed < 0.25 || speed > 256) {
    throw new UsageError(`--speed must be a number from 0.25 to 256 (got '${value}')`)
  }
  return speed
}

function parseApi(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  if (!isHttpUrl(value)) {
    throw new UsageError(
      `--api must be an http(s) URL, e.g. http://127.0.0.1:4010 (got '${value}')`,
    )
  }
  return value.replace(/\/+$/, '')
}

export function parseRaceArgs(
  argv: string[],
  randomSeed: () => number,
  terminal = false,
): RaceArgs {
  const { values } = parseArgs({ args: bareUnsafe(argv), strict: true, options })
  const own = parseOwnArgs(values)
  const live = terminal && !values.headless && !values.json && !values.help
  if (values.http && values.api) throw new UsageError('--http and --api exclude each other')
  if (live && values.http) throw new UsageError('--http is for headless races (add --headless)')
  const base = values.scenario ? readScenarioFile(values.scenario) : {}
  const number = (name: string, value: string | undefined, max: number, min = 0) =>
    value === undefined ? undefined : integer(name, value, 0, min, max)
  const seed = number('seed', values.seed, 2 ** 31 - 1) ?? (base.seed as number | undefined)
  const workers = number('workers', values.workers, 256, 1) ?? (base.workers as number | undefined)
  const flags: Record<string, unknown> = {
    workers,
    jobs: number('jobs', values.jobs, 1_000_000),
    unsafe:
      values.unsafe === undefined && !values['unsafe-claims']
        ? undefined
        : unsafeModesArg(values.unsafe, values['unsafe-claims'] ?? false),
    zombies: number('zombies', values.zombies, 100_000),
    faults: values.faults ? choice('faults', values.faults, faultPresets, 'none') : undefined,
    items: itemRange(values.items),
    webhookWorkers: number('webhook-workers', values['webhook-workers'], 256),
    steals: number('steals', values.steals, 1_000_000),
    kills: number('kills', values.kills, 100_000),
    expiresIn: number('expires-in', values['expires-in'], 86_400, 1),
  }
  const defined = Object.fromEntries(
    Object.entries({ ...flags, ...(own ? ownScenarioFlags(values, own) : {}) }).filter(
      ([, v]) => v !== undefined,
    ),
  )
  const defaults = own ? ownDefaults : live ? liveDefaults : defaultScenario
  const merged: Record<string, unknown> = {
    ...defaults,
    webhookWorkers: Math.floor((workers ?? defaults.workers) / 2),
    ...base,
    ...defined,
  }
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
    live,
    scenario: parsed.data,
    seedGiven: seed !== undefined,
    http: values.http ?? false,
    api: parseApi(values.api),
    adminToken: values['admin-token'],
    speed: parseSpeed(values.speed),
    history: values.history,
    json: values.json ?? false,
    quiet: values.quiet ?? false,
    given: Object.keys(values),
    property: values.property ?? false,
    runs: values.runs,
    out: values.out,
    replay: values.replay,
    own,
  }
}
