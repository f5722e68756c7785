// The arguments of `fake-pleo race --cmd`: race several instances of your own integration. The
// flags it adds to `race` (its part of the help), what they mean, and the combinations it refuses
// (each a UsageError, exit code 2): the reference claimers' own knobs, another server and the
// unsafe modes make no sense for a program the race does not write.
import { isReporterName, reporters, type ReporterName } from '@fake-pleo/conformance'
import { defaultScenario, type Scenario } from '@fake-pleo/race'
import { integer, UsageError } from '../args.ts'

export const ownHelp = `
Race your own integration:
  --cmd "COMMAND"        start --instances copies of COMMAND (sh -c, in the current
                         directory) against one fake, each with the environment \`conform\`
                         gives (PLEO_API_URL, PLEO_API_KEY, PLEO_WEBHOOK_PORT, PLEO_STATE_FILE,
                         …) and its own API key of the same company, webhook port and state
                         file. The nemesis presses Export in bursts, injects --faults, makes
                         --steals and kills and restarts instances (--kills); the history is
                         what the fake saw per API key, and the checker judges the six
                         invariants for your integration. On a terminal it runs in the
                         live view (the instances as its workers; q prints the report once
                         the verdict shows); --headless runs it without
  --instances N          instances of COMMAND (default 2)
  --burst N              jobs pressed at once (default 3)
  --burst-every SECS     seconds between bursts (default 2)
  --reporter NAME        ${reporters.join(' | ')} (default pretty): the report \`conform\` writes,
                         one test per invariant (RACE-001 … RACE-006)
  --out FILE             write the report to FILE (a summary line still goes to stderr)
  --timeout SECS         the whole race, start to drain (default 120)
  With --cmd, --jobs defaults to 9 and --speed to 1: the fake's clock keeps real time, as the
  instances' own clocks do (faster, jobs expire sooner than they expect).
`

export const ownOptions = {
  cmd: { type: 'string' },
  instances: { type: 'string' },
  burst: { type: 'string' },
  'burst-every': { type: 'string' },
  reporter: { type: 'string' },
  out: { type: 'string' },
  timeout: { type: 'string' },
} as const

export type OwnRaceArgs = {
  command: string
  instances: number
  reporter: ReporterName
  out: string | undefined
  timeoutSeconds: number
}

/** Flags of `race` that --cmd refuses, with why. */
const refused: Record<string, string> = {
  workers: 'the instances are the workers: use --instances',
  'webhook-workers': 'each instance detects jobs its own way',
  zombies: 'zombie moves are the reference workers’ misbehaviour, not your integration’s',
  unsafe: 'the race judges your integration against a safe fake',
  'unsafe-claims': 'the race judges your integration against a safe fake',
  http: 'a race with --cmd always runs over HTTP on 127.0.0.1',
  api: 'the race starts its own fake, to give each instance its own key',
  'admin-token': 'the race starts its own fake',
  json: 'use --reporter json',
  property: 'a campaign races the reference workers in-process',
  replay: 'a replay races a saved campaign counterexample in-process',
  runs: 'runs count the races of a campaign (--property)',
}

/** Flags only --cmd takes (`--out` is also a campaign's: `propertyMode` checks it without --cmd). */
const ownOnly = ['instances', 'burst', 'burst-every', 'reporter', 'timeout'] as const

/** The --cmd arguments, or undefined without --cmd; a bad combination is a UsageError. */
export function parseOwnArgs(values: Record<string, unknown>): OwnRaceArgs | undefined {
  const command = values.cmd
  if (command === undefined) {
    const stray = ownOnly.find((name) => values[name] !== undefined)
    if (stray) throw new UsageError(`--${stray} is for racing your own integration: add --cmd`)
    return undefined
  }
  if (typeof command !== 'string' || command.trim() === '') {
    throw new UsageError('--cmd needs the command that starts your integration')
  }
  for (const [name, why] of Object.entries(refused)) {
    if (values[name] !== undefined)
      throw new UsageError(`--${name} and --cmd exclude each other: ${why}`)
  }
  const reporter = (values.reporter as string | undefined) ?? 'pretty'
  if (!isReporterName(reporter)) {
    throw new UsageError(`--reporter must be one of ${reporters.join(', ')} (got '${reporter}')`)
  }
  return {
    command,
    instances: integer('instances', values.instances as string | undefined, 2, 1, 16),
    reporter,
    out: values.out as string | undefined,
    timeoutSeconds: integer('timeout', values.timeout as string | undefined, 120, 5, 3600),
  }
}

/** The scenario defaults of a race with --cmd: a few bursts, nothing the instances cannot see. */
export const ownDefaults: Omit<Scenario, 'seed'> = {
  ...defaultScenario,
  jobs: 9,
  zombies: 0,
  arrival: { batch: 3, everySeconds: 2 },
}

/** The scenario fields --cmd's own flags set (over a --scenario file's). */
export function ownScenarioFlags(values: Record<string, unknown>, own: OwnRaceArgs) {
  const burst = values.burst as string | undefined
  const every = values['burst-every'] as string | undefined
  const arrival =
    burst === undefined && every === undefined
      ? undefined
      : {
          batch: integer('burst', burst, ownDefaults.arrival.batch, 1, 100),
          everySeconds: integer('burst-every', every, ownDefaults.arrival.everySeconds, 0, 3600),
        }
  return { workers: own.instances, webhookWorkers: 0, ...(arrival ? { arrival } : {}) }
}
