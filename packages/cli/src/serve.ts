// `fake-pleo serve`: starts the fake on a port, prints how to reach it (URL, company, API key,
// a ready curl line, the docs), and stops cleanly on SIGINT/SIGTERM.
import { parseArgs } from 'node:util'
import {
  isHttpUrl,
  unsafeModeBreaks,
  webhookBodyShapes,
  webhookTimestampModes,
} from '@fake-pleo/contract'
import {
  createFakePleo,
  demoOAuthClient,
  isLoopbackHost,
  listen,
  openControlApiProblem,
  webhookTargetRefusal,
  streamLogger,
  type RunningFakePleo,
} from '@fake-pleo/server'
import { bareUnsafe, choice, integer, unsafeModesArg, UsageError } from './args.ts'
import { loadFaultsFile } from './faults-file.ts'
import { applyGcMode, gcModes } from './gc-mode.ts'
import { lineBatch } from './line-batch.ts'

export const serveHelp = `Usage: fake-pleo serve [options]

Start a local fake of Pleo's Export API (v3, and v2) with a control API under /_sim.

Options:
  --port N               port to listen on (default 4010; 0 picks a free port and prints it)
  --host HOST            interface to bind (default 127.0.0.1). Beyond loopback (e.g. 0.0.0.0)
                         it needs --admin-token (else exit 2), prints no secrets, and refuses
                         link-local and cloud-metadata webhook targets. The control API answers
                         only a loopback Host or this one (any Host on 0.0.0.0 and ::), and no
                         foreign Origin
  --db FILE              SQLite file to keep state across restarts (default :memory:)
  --seed demo|empty|none demo: a company with a fixed id and API key and three pending jobs
                         of different ages (default); empty: one company, no jobs; none: nothing
                         (a seed only runs on an empty database)
  --clock system|manual  system ticks with real time (default); manual stands still until
                         POST /_sim/clock/advance
  --expires-in SECONDS   expiry window of new jobs (default 3600)
  --expired-status expired|failed
                         how an expired job reads: 'expired' (default, Pleo's how-to) or
                         'failed' with failureReasonType job_expired (the spec's reading)
  --list-order id|created-asc
                         default order of GET /v3/export-jobs: by id (default; NOT age order,
                         as Pleo promises none) or oldest first
  --lenient              accept the how-tos' spellings Pleo's spec does not know: exportJobId
                         for jobId (event body) and companyId for company_id (job list); each
                         such request is marked in the journal (alias). Without it they answer
                         400 naming the spec's field
  --strict               refuse unknown query parameters (and unknown event body fields) with a
                         400 naming them; aliases follow --lenient. --lenient --strict: aliases
                         accepted, anything else unknown refused
  --strict-transitions   refuse 'failed' on a pending job
  --unsafe MODE[,MODE]   DEMO ONLY: break Pleo's rules on purpose, to show a race and its checker
                         catching the bug; never test an integration against it. Modes:
                         claims (check-then-act claims: two workers can both win a job),
                         late-items (item updates accepted after the job ended; Pleo: 422),
                         second-final (a final event accepted on an ended job; Pleo: 422),
                         no-expiry (jobs never expire), big-batches (item updates of more
                         than 100 items accepted; Pleo: 413). A bare --unsafe means claims
  --unsafe-claims        the same as --unsafe claims
  --webhook URL          subscribe the seeded company to URL for every event type and print the
                         signing secret on loopback (repeatable; an existing subscription is
                         reused)
  --allow-webhook-target HOST
                         bound beyond loopback, accept this link-local or metadata host as a
                         webhook endpoint anyway (repeatable)
  --webhook-retry-schedule S
                         comma-separated delays in seconds before each delivery attempt, on
                         the virtual clock (default Svix's: 0,5,300,1800,7200,18000,36000,36000)
  --webhook-timeout MS   real milliseconds an endpoint has to answer with a 2xx (default 15000)
  --webhook-lease MS     real milliseconds this process holds a webhook it is sending (renewed
                         while in flight; default 30000). Another process on the same --db
                         sends it again only once the lease has run out, i.e. after a crash
  --webhook-timestamps wall|virtual
                         what webhook-timestamp follows: wall, real time (default; receivers
                         check it against their own clock, 5 minutes either way, so deliveries
                         verify however far the virtual clock was moved) or virtual, the
                         virtual clock (fully simulated runs); retries follow the virtual
                         clock either way
  --webhook-body plain|wrapped
                         plain: the body is {data, eventId, eventType} (default); wrapped: the
                         doc example's literal {"webhook-id", "webhook-timestamp",
                         "webhook-signature", "payload": {...}}, same headers, the header
                         signature over the exact bytes sent
  --faults FILE          start with the fault rules in FILE, JSON {"seed": "s", "rules": [...]}
                         as PUT /_sim/faults takes them (e.g. {"target": "http", "route":
                         "GET /v3/export-jobs", "status": 503, "count": 2}); see /docs
  --admin-token TOKEN    require 'Authorization: Bearer TOKEN' on the control API (/_sim);
                         also read from FAKE_PLEO_ADMIN_TOKEN. Required when --host is not
                         loopback. State-changing control requests always need
                         Content-Type: application/json, body or not
  --oauth-auto-approve   GET /oauth/authorize redirects with a code at once (no consent page)
  --journal-limit N      keep the N most recent requests in the journal (default 100000)
  --journal-max-bytes N  and at most about N bytes of them (default 16777216, 16 MiB); a path
                         or query longer than 2048 characters is stored cut and marked
  --retain N             long runs: keep only the N most recent finished jobs (with their items
                         and entries), settled webhook messages (with their delivery attempts)
                         and vendors, trimmed every 1000 requests (default: keep everything)
  --gc lean|node         how V8 collects garbage: lean (default) keeps the young generation
                         small and collects the old one once it grows 30% past what is in
                         use, so a long, busy run stays near the memory it really holds;
                         node keeps Node's defaults (they hold more garbage between
                         collections: a few hundred MB under a flood of requests)
  -q, --quiet            do not print a line per request
  -h, --help             show this help
`

export type ServeIo = { out: (text: string) => void; err: (text: string) => void }

export function parseServeArgs(argv: string[]) {
  const { values } = parseArgs({
    args: bareUnsafe(argv),
    strict: true,
    options: {
      unsafe: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      seed: { type: 'string' },
      clock: { type: 'string' },
      'expires-in': { type: 'string' },
      'expired-status': { type: 'string' },
      'list-order': { type: 'string' },
      strict: { type: 'boolean' },
      lenient: { type: 'boolean' },
      'strict-transitions': { type: 'boolean' },
      'unsafe-claims': { type: 'boolean' },
      'admin-token': { type: 'string' },
      webhook: { type: 'string', multiple: true },
      'allow-webhook-target': { type: 'string', multiple: true },
      'webhook-retry-schedule': { type: 'string' },
      'webhook-timeout': { type: 'string' },
      'webhook-lease': { type: 'string' },
      'webhook-timestamps': { type: 'string' },
      'webhook-body': { type: 'string' },
      'journal-limit': { type: 'string' },
      'journal-max-bytes': { type: 'string' },
      retain: { type: 'string' },
      'oauth-auto-approve': { type: 'boolean' },
      faults: { type: 'string' },
      gc: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  return {
    help: values.help ?? false,
    quiet: values.quiet ?? false,
    faultsFile: nonEmpty('faults', values.faults),
    gc: choice('gc', values.gc, gcModes, 'lean'),
    webhooks: (values.webhook ?? []).map(webhookUrl),
    webhookRetrySchedule: retrySchedule(values['webhook-retry-schedule']),
    webhookTimeoutMs: integer('webhook-timeout', values['webhook-timeout'], 15_000, 1, 600_000),
    webhookLeaseMs: integer('webhook-lease', values['webhook-lease'], 30_000, 100, 3_600_000),
    webhookTimestamps: choice(
      'webhook-timestamps',
      values['webhook-timestamps'],
      webhookTimestampModes,
      'wall',
    ),
    webhookBody: choice('webhook-body', values['webhook-body'], webhookBodyShapes, 'plain'),
    journalLimit: integer('journal-limit', values['journal-limit'], 100_000, 1000, 100_000_000),
    journalMaxBytes: integer(
      'journal-max-bytes',
      values['journal-max-bytes'],
      16 * 1024 * 1024,
      64 * 1024,
      2 ** 40,
    ),
    retain:
      values.retain === undefined ? undefined : integer('retain', values.retain, 0, 0, 100_000_000),
    port: integer('port', values.port, 4010, 0, 65535),
    host: values.host ?? '127.0.0.1',
    db: values.db ?? ':memory:',
    seed: choice('seed', values.seed, ['demo', 'empty', 'none'], 'demo'),
    clock: choice('clock', values.clock, ['system', 'manual'], 'system'),
    expiresIn: integer('expires-in', values['expires-in'], 3600, 1, 30 * 86_400),
    expiredStatus: choice(
      'expired-status',
      values['expired-status'],
      ['expired', 'failed'],
      'expired',
    ),
    listOrder: choice('list-order', values['list-order'], ['id', 'created-asc'], 'id'),
    strict: values.strict ?? false,
    lenient: values.lenient ?? false,
    strictTransitions: values['strict-transitions'] ?? false,
    unsafe: unsafeModesArg(values.unsafe, values['unsafe-claims'] ?? false),
    oauthAutoApprove: values['oauth-auto-approve'] ?? false,
    adminToken: nonEmpty('admin-token', values['admin-token'] ?? process.env.FAKE_PLEO_ADMIN_TOKEN),
    allowWebhookTargets: (values['allow-webhook-target'] ?? []).map((host) =>
      nonEmpty('allow-webhook-target', host),
    ) as string[],
  }
}

function retrySchedule(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined
  const parts = value.split(',').map((part) => part.trim())
  if (parts.length === 0 || parts.length > 50 || !parts.every((part) => /^\d{1,9}$/.test(part))) {
    throw new UsageError(
      `--webhook-retry-schedule must be 1 to 50 comma-separated whole numbers of seconds (got '${value}')`,
    )
  }
  return parts.map(Number)
}

function webhookUrl(value: string): string {
  if (!isHttpUrl(value)) throw new UsageError(`--webhook must be an http(s) URL (got '${value}')`)
  return value
}

function nonEmpty(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  if (value.trim() === '') throw new UsageError(`--${name} must not be empty`)
  return value
}

type ServeOptions = ReturnType<typeof parseServeArgs>

const notPrinted = 'not printed (bound beyond loopback)'

/** Company, API key and a curl line. Secrets only on loopback, where only this machine listens. */
function credentialLines(running: RunningFakePleo, options: ServeOptions): string[] {
  const local = isLoopbackHost(options.host)
  const curl = (key: string) =>
    `  try         curl -u '${key}:' '${running.url}/v3/export-jobs?company_id=${running.companyId}&statuses=pending'`
  if (!running.companyId) {
    return [
      `  no company yet: curl -X POST -H 'content-type: application/json' ${running.url}/_sim/companies`,
    ]
  }
  const lines = [`  company id  ${running.companyId}`]
  if (!running.apiKey) {
    lines.push('  API key     kept only as a hash: use the one printed when this database was made')
  } else if (local) {
    lines.push(`  API key     ${running.apiKey}`, curl(running.apiKey))
  } else {
    lines.push(`  API key     ${notPrinted}; POST /_sim/companies makes a company with its own`)
    lines.push(curl('<api key>'))
  }
  const oauth = running.deps.store.oauth.getClient(demoOAuthClient.clientId)
  if (oauth) {
    lines.push(
      `  OAuth       client id ${oauth.clientId}`,
      `              client secret ${local ? demoOAuthClient.clientSecret : notPrinted}`,
      `              redirect URI ${oauth.redirectUris.join(' ')}; authorize at ${running.url}/oauth/authorize${options.oauthAutoApprove ? ' (auto-approve)' : ''}`,
    )
  }
  if (local && (running.apiKey || oauth || running.subscriptions.length > 0)) {
    const demo = options.seed === 'demo' && oauth ? "; the demo seed's are fixed and public" : ''
    lines.push(
      `  secrets     printed because only this machine can reach ${options.host}${demo}. Bound beyond loopback they are not`,
    )
  }
  return lines
}

function banner(running: RunningFakePleo, options: ServeOptions): string {
  const lines = [
    `fake-pleo is listening on ${running.url}`,
    `  web app     ${running.url}/  (jobs, Export, clock, webhooks, faults, journal)`,
    ...credentialLines(running, options),
  ]
  lines.push(
    `  docs        ${running.url}/docs  (OpenAPI: ${running.url}/openapi.json)`,
    `  database    ${options.db}${options.db === ':memory:' ? ' (state is lost on exit; --db FILE keeps it)' : ''}`,
    `  clock       ${options.clock}`,
  )
  if (options.lenient) {
    lines.push(
      "  requests    --lenient: the how-tos' exportJobId and companyId are accepted (journaled as alias)",
    )
  }
  const faults = running.deps.faults?.getRules()
  if (options.faultsFile && faults) {
    lines.push(
      `  faults      ${faults.rules.length} rule(s), seed '${faults.seed}', from ${options.faultsFile}`,
    )
  }
  if (options.webhookTimestamps === 'virtual' || options.webhookBody === 'wrapped') {
    const stamps = options.webhookTimestamps === 'virtual' ? 'on the virtual clock' : 'in real time'
    lines.push(`  webhooks    ${options.webhookBody} bodies, timestamps ${stamps}`)
  }
  for (const sub of running.subscriptions) {
    lines.push(
      `  webhook     ${sub.endpointUrl}`,
      isLoopbackHost(options.host)
        ? `    secret    ${sub.secret}  (check: fake-pleo listen --secret ${sub.secret})`
        : `    secret    ${notPrinted}: GET /v1/subscriptions/${sub.id}/secret with the API key`,
    )
  }
  if (options.adminToken) {
    lines.push('  control API needs Authorization: Bearer <admin token>')
  }
  if (options.unsafe.length > 0) {
    lines.push(
      '',
      `  WARNING: unsafe mode${options.unsafe.length > 1 ? 's' : ''} ${options.unsafe.join(', ')} on. This fake breaks Pleo's rules on purpose:`,
      ...options.unsafe.map((mode) => `    ${mode}: ${unsafeModeBreaks[mode]}`),
      '  A demo of the bugs a race catches. Never test an integration against it.',
    )
  }
  return `${lines.join('\n')}\n\nPress Ctrl+C to stop.\n`
}

export async function serveCommand(argv: string[], io: ServeIo): Promise<number> {
  const options = parseServeArgs(argv)
  if (options.help) {
    io.out(serveHelp)
    return 0
  }
  const open = openControlApiProblem(options)
  if (open) throw new UsageError(open)
  for (const url of options.webhooks) {
    const refusal = webhookTargetRefusal(options, url)
    if (refusal) throw new UsageError(`--webhook ${url}: ${refusal}`)
  }
  applyGcMode(options.gc)
  const faults = options.faultsFile === undefined ? undefined : loadFaultsFile(options.faultsFile)
  let running: RunningFakePleo
  const requestLines = lineBatch(io.out, (error) =>
    io.err(
      `request log: cannot write (${error instanceof Error ? error.message : String(error)})\n`,
    ),
  )
  try {
    const stamp = () => new Date().toISOString().slice(11, 23)
    const requestLog = options.quiet
      ? undefined
      : (line: string) => requestLines.add(`${stamp()} ${line}\n`)
    const fake = createFakePleo({
      ...options,
      log: streamLogger(io.err),
      ...(requestLog ? { requestLog } : {}),
      ...(faults ? { faults } : {}),
    })
    running = await listen(fake, { port: options.port, host: options.host })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE')
      throw new UsageError(
        `port ${options.port} is already in use; pick another with --port (0 = any free port)`,
      )
    if (code === 'SQLITE_CANTOPEN')
      throw new UsageError(`cannot open database file '${options.db}'`)
    throw error
  }
  io.out(banner(running, options))
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      requestLines.flush()
      io.out(`\n${signal} received, stopping…\n`)
      void running.stop().then(() => {
        requestLines.flush()
        resolve()
      })
    }
    process.once('SIGINT', () => stop('SIGINT'))
    process.once('SIGTERM', () => stop('SIGTERM'))
  })
  return 0
}
