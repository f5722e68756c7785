// `fake-pleo conform`: grades an integration against Pleo's export rules. The kit plays Pleo: for
// each scenario of the plan it starts a fresh fake, starts the integration (--cmd) with its
// configuration in PLEO_* variables, acts, and judges from what the fake observed. Scenarios run
// side by side (--concurrency, default one per CPU). Progress on stderr, a line as each scenario
// starts and as it ends (in the order they end, with how many are running and done); the report
// (pretty, json, junit, tap, in plan order) on stdout or in --out.
// Exit codes: 0 nothing failed (warnings and scenarios not applicable do not fail the run, nor
// failures listed as expected), 1 a scenario failed or could not run (or warned, with
// --strict-warnings), 2 the kit could not run (bad arguments, an unreadable --expected-failures
// file).
import { readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
import {
  describeProfile,
  exitCodeOf,
  isReporterName,
  markers,
  parseExpectedFailures,
  plan,
  lenientNote,
  render,
  reporters,
  runConformance,
  scenarioGroups,
  scenarioIds,
  summarise,
  type ReporterName,
  type ScenarioResult,
} from '@fake-pleo/conformance'
import { isHttpUrl } from '@fake-pleo/contract'
import { integer, UsageError } from './args.ts'

const conformHelp = `Usage: fake-pleo conform --cmd "COMMAND" [options]
       fake-pleo conform --reference [options]

Grade an integration against Pleo's export rules. For each scenario of the plan the kit starts a
fresh fake (its own company, API key, OAuth client, webhook secret and manual clock), starts
COMMAND with its configuration in environment variables, plays Pleo (presses Export, steals a
claim, moves the clock, injects faults, sends forged webhooks), waits for the integration to
settle and judges what it did from what the fake observed.

The integration is given:
  PLEO_API_URL, PLEO_API_KEY, PLEO_COMPANY_ID       where and as whom to call the API
  PLEO_WEBHOOK_PORT                                 listen for webhooks here (on 127.0.0.1)
  PLEO_WEBHOOK_SECRET                               the subscription's whsec_ signing secret
  PLEO_WEBHOOK_URL                                  the URL the kit subscribed
  PLEO_POLL_INTERVAL                                poll at least this often (seconds); more
                                                    often is fine
  PLEO_STATE_FILE                                   a file to remember a claimed job in
  PLEO_OAUTH_CLIENT_ID, PLEO_OAUTH_CLIENT_SECRET,
  PLEO_OAUTH_AUTHORIZE_URL, PLEO_OAUTH_TOKEN_URL,
  PLEO_OAUTH_REDIRECT_URI                           OAuth: the authorize URL redirects straight
                                                    back with a code (no browser)
  PLEO_OAUTH_ACCESS_TOKEN, PLEO_OAUTH_REFRESH_TOKEN,
  PLEO_OAUTH_EXPIRES_IN                             or start from tokens issued for this start

Options:
  --cmd "COMMAND"              the integration, run with sh -c in the current directory
  --reference                  grade the bundled reference claimer (the kit's self-check)
  --webhook-url URL            the integration listens here instead of on PLEO_WEBHOOK_PORT
  --only ID,ID                 run only these scenarios (e.g. CLAIM-003,PROC-001)
  --reporter NAME              ${reporters.join(' | ')} (default pretty)
  --out FILE                   write the report to FILE (the summary still goes to stderr)
  --expected-failures FILE     ids known to fail (JSON array, or one per line; # comments):
                               reported as such, they do not fail the run
  --timeout SECS               time per scenario (default 30)
  --concurrency N              scenarios run at once, each with its own fake, port and
                               integration process (default: the number of CPUs, here
                               ${availableParallelism()}); 1 runs them one after another. With
                               --webhook-url always 1
  --strict-warnings            a warning (a soft rule broken) fails the run
  --lenient                    the fake accepts the how-tos' aliases (exportJobId, companyId)
                               and journals them: CLAIM-005 warns about them instead of
                               failing (by default the fake answers them 400, as the spec reads)
  --list                       list the plan's scenarios and exit
  -h, --help                   show this help

Outcomes: pass, fail, error (the kit could not run it), warning (a soft rule; fails the run
only with --strict-warnings) and not-applicable (the kit could not judge the rule for this
integration, with the reason). The report names what the kit saw: webhooks or polling, API key
or OAuth, the observed poll interval.

Exit codes: 0 nothing failed (or only as expected), 1 a scenario failed, could not run, or
warned under --strict-warnings, 2 the kit could not run.
`

export type ConformIo = { out: (text: string) => void; err: (text: string) => void; color: boolean }

const options = {
  cmd: { type: 'string' },
  reference: { type: 'boolean' },
  'webhook-url': { type: 'string' },
  only: { type: 'string' },
  reporter: { type: 'string' },
  out: { type: 'string' },
  'expected-failures': { type: 'string' },
  timeout: { type: 'string' },
  concurrency: { type: 'string' },
  'strict-warnings': { type: 'boolean' },
  lenient: { type: 'boolean' },
  list: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

function readExpectedFailures(file: string | undefined): string[] {
  if (file === undefined) return []
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new UsageError(`--expected-failures: cannot read ${file}: ${(error as Error).message}`)
  }
  const parsed = parseExpectedFailures(text, scenarioIds)
  if (!parsed.ok) throw new UsageError(`--expected-failures: ${parsed.error}`)
  return parsed.ids
}

function parseConformArgs(argv: string[], binPath: string) {
  const { values } = parseArgs({ args: argv, strict: true, options })
  const help = values.help ?? false
  const list = values.list ?? false
  if (!help && !list) {
    if (values.cmd !== undefined && values.reference)
      throw new UsageError('--cmd and --reference exclude each other')
    if (values.cmd === undefined && !values.reference)
      throw new UsageError('say what to grade: --cmd "COMMAND" or --reference')
    if (values.cmd?.trim() === '') throw new UsageError('--cmd needs a command')
  }
  const reporter = values.reporter ?? 'pretty'
  if (!isReporterName(reporter))
    throw new UsageError(`--reporter must be one of ${reporters.join(', ')} (got '${reporter}')`)
  const only = values.only
    ?.split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '')
  const unknown = (only ?? []).filter((id) => !scenarioIds.includes(id))
  if (unknown.length > 0)
    throw new UsageError(`--only: unknown scenario ids ${unknown.join(', ')} (see --list)`)
  const webhookUrl = values['webhook-url']
  if (webhookUrl !== undefined && !isHttpUrl(webhookUrl))
    throw new UsageError(`--webhook-url must be an http(s) URL (got '${webhookUrl}')`)
  const reference = values.reference ?? false
  return {
    help,
    list,
    command: reference ? `"${process.execPath}" "${binPath}" claim` : (values.cmd ?? ''),
    reference,
    webhookUrl,
    only,
    reporter: reporter as ReporterName,
    out: values.out,
    expectedFailures: readExpectedFailures(values['expected-failures']),
    timeoutSeconds: integer('timeout', values.timeout, 30, 1, 3600),
    concurrency: integer('concurrency', values.concurrency, availableParallelism(), 1, 64),
    strictWarnings: values['strict-warnings'] ?? false,
    lenient: values.lenient ?? false,
  }
}

const mark = (result: ScenarioResult) => markers[result.outcome]

export async function conformCommand(argv: string[], io: ConformIo): Promise<number> {
  const args = parseConformArgs(argv, process.argv[1] ?? 'fake-pleo')
  if (args.help) {
    io.out(conformHelp)
    return 0
  }
  if (args.list) {
    const width = Math.max(...scenarioGroups.map((group) => group.length))
    io.out(plan.map((s) => `${s.id.padEnd(12)} ${s.group.padEnd(width)} ${s.rule}\n`).join(''))
    return 0
  }
  const total = args.only?.length ?? plan.length
  const counts = (running: number, done: number) => `${done}/${total} done, ${running} running`
  const report = await runConformance({
    integration: { command: args.command },
    reference: args.reference,
    ...(args.only ? { only: args.only } : {}),
    ...(args.webhookUrl ? { webhookUrl: args.webhookUrl } : {}),
    timeoutSeconds: args.timeoutSeconds,
    concurrency: args.concurrency,
    strictWarnings: args.strictWarnings,
    lenient: args.lenient,
    expectedFailures: args.expectedFailures,
    onStart: (s, p) => io.err(`  start ${s.id} ${s.rule} (${counts(p.running, p.done)})\n`),
    onResult: (r, p) => {
      const failing = r.outcome === 'fail' || r.outcome === 'error'
      const expected = failing && r.expectedFailure ? ' (expected)' : ''
      const seconds = (r.durationMs / 1000).toFixed(1)
      io.err(`${mark(r)} ${r.id}${expected} ${seconds} s [${counts(p.running, p.done)}]\n`)
    },
  })
  const text = render(report, args.reporter, { color: io.color && args.out === undefined })
  if (args.out) writeFileSync(args.out, text)
  else io.out(text)
  const s = summarise(report)
  io.err(
    `conform: ${s.total} scenarios, ${s.passed} passed, ${s.failed} failed, ${s.errors} could not run, ${s.warnings} warnings, ${s.notApplicable} not applicable, ${s.expectedFailures} expected failures${args.out ? ` (report in ${args.out})` : ''}\n` +
      `conform: observed ${describeProfile(report.profile)}\n` +
      (report.lenient ? `conform: ${lenientNote}\n` : ''),
  )
  return exitCodeOf(report)
}
