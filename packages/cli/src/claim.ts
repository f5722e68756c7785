// `fake-pleo claim`: the reference claimer as a long-running command. It claims and exports export
// jobs (into an in-memory fake ledger) following Pleo's how-to, woken by webhooks when a port and
// secret are given, by a poll every --poll-interval seconds regardless, and by POST /trigger on the
// webhook port. One readable line per step (or JSON lines with --json); SIGINT/SIGTERM stop it
// cleanly after the running pass. Every flag can also come from the environment.
import { parseArgs } from 'node:util'
import { createPleoClient } from '@fake-pleo/client'
import { createClaimer, createFileState, createMemoryState } from '@fake-pleo/client/claimer'
import { runClaimer, type ClaimerEvent } from '@fake-pleo/client/claimer/run'
import { isHttpUrl } from '@fake-pleo/contract'
import { integer, UsageError } from './args.ts'
import { watchKeys } from './key-trigger.ts'

export const claimHelp = `Usage: fake-pleo claim --api URL --api-key KEY --company ID [options]

Run the reference claimer: find the oldest pending export job, verify it is still pending, claim
it (losing a race is normal), export its items into an in-memory fake ledger, report them and end
the job. Woken by webhooks (with --webhook-port and --webhook-secret), by POST /trigger on the
webhook port, and by a poll every --poll-interval seconds as a safety net.
On a terminal, press t to look for jobs at once and q to stop.

Options (each also read from the environment variable shown):
  --api URL              the API's base URL, e.g. http://127.0.0.1:4010     PLEO_API_URL
  --api-key KEY          API key                                           PLEO_API_KEY
  --company ID           the company whose jobs to claim (required)        PLEO_COMPANY_ID
  --webhook-port N       serve webhooks and POST /trigger on this port     PLEO_WEBHOOK_PORT
                         (0 picks a free one and prints it)
  --webhook-secret S     the subscription's whsec_ secret (with a port)    PLEO_WEBHOOK_SECRET
  --poll-interval SECS   seconds between polls (default 120)               PLEO_POLL_INTERVAL
  --state FILE           remember the claimed job in FILE, to resume it    PLEO_STATE_FILE
                         after a crash
  --json                 print one JSON object per step instead
  -h, --help             show this help
`

export type ClaimIo = { out: (text: string) => void; err: (text: string) => void }
type Env = Record<string, string | undefined>

export function parseClaimArgs(argv: string[], env: Env = process.env) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      api: { type: 'string' },
      'api-key': { type: 'string' },
      company: { type: 'string' },
      'webhook-port': { type: 'string' },
      'webhook-secret': { type: 'string' },
      'poll-interval': { type: 'string' },
      state: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const help = values.help ?? false
  const api = values.api ?? env.PLEO_API_URL
  const apiKey = values['api-key'] ?? env.PLEO_API_KEY
  const companyId = values.company ?? env.PLEO_COMPANY_ID
  const portText = values['webhook-port'] ?? env.PLEO_WEBHOOK_PORT
  const secret = values['webhook-secret'] ?? env.PLEO_WEBHOOK_SECRET
  if (!help) {
    if (!api) throw new UsageError('--api is required (or set PLEO_API_URL)')
    if (!isHttpUrl(api)) throw new UsageError(`--api must be an http(s) URL (got '${api}')`)
    if (!apiKey) throw new UsageError('--api-key is required (or set PLEO_API_KEY)')
    if (!companyId) throw new UsageError('--company is required (or set PLEO_COMPANY_ID)')
    if (portText !== undefined && !secret)
      throw new UsageError('--webhook-port needs --webhook-secret (or PLEO_WEBHOOK_SECRET)')
    if (secret && portText === undefined)
      throw new UsageError('--webhook-secret needs --webhook-port (or PLEO_WEBHOOK_PORT)')
  }
  return {
    help,
    api: (api ?? '').replace(/\/+$/, ''),
    apiKey: apiKey ?? '',
    companyId: companyId ?? '',
    webhook:
      portText !== undefined && secret
        ? { port: integer('webhook-port', portText, 0, 0, 65535), secret }
        : undefined,
    pollSeconds: integer(
      'poll-interval',
      values['poll-interval'] ?? env.PLEO_POLL_INTERVAL,
      120,
      1,
      7 * 86_400,
    ),
    state: values.state ?? env.PLEO_STATE_FILE,
    json: values.json ?? false,
  }
}

/** One readable line per claimer event. */
export function formatEvent(event: ClaimerEvent): string | undefined {
  switch (event.event) {
    case 'started':
      return `started${event.port !== undefined ? `, webhooks on port ${event.port}` : ''}, polling every ${event.pollIntervalMs / 1000} s`
    case 'detected':
      return `detected (${event.source}): ${event.reason}`
    case 'webhook':
      return event.verdict === 'wake' || event.verdict === 'trigger'
        ? undefined
        : `webhook ${event.webhookId ?? '-'} ${event.verdict}${event.reason ? `: ${event.reason}` : ''}`
    case 'pass':
      return `pass (${event.reason}): ${event.report.kind}`
    case 'pass-failed':
      return `pass (${event.reason}) failed: ${event.message}`
    case 'stopped':
      return 'stopped'
  }
}

export async function claimCommand(
  argv: string[],
  io: ClaimIo,
  env: Env = process.env,
): Promise<number> {
  const options = parseClaimArgs(argv, env)
  if (options.help) {
    io.out(claimHelp)
    return 0
  }
  const line = (text: string) => io.out(`${new Date().toISOString().slice(11, 23)}  ${text}\n`)
  const json = (record: Record<string, unknown>) =>
    io.out(`${JSON.stringify({ at: new Date().toISOString(), ...record })}\n`)
  const client = createPleoClient({ baseUrl: options.api, auth: { apiKey: options.apiKey } })
  const claimer = createClaimer({
    client,
    companyId: options.companyId,
    state: options.state ? createFileState(options.state) : createMemoryState(),
    log: (level, message, fields) => {
      if (level === 'debug') return
      if (options.json) json({ level, message, ...fields })
      else
        line(
          `${message}${
            fields && Object.keys(fields).length > 0
              ? `  ${Object.entries(fields)
                  .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
                  .join(' ')}`
              : ''
          }`,
        )
    },
  })
  let running
  try {
    running = await runClaimer({
      pass: () => claimer.pass(),
      pollIntervalMs: options.pollSeconds * 1000,
      ...(options.webhook
        ? { webhook: { port: options.webhook.port, secrets: [options.webhook.secret] } }
        : {}),
      log: (event) => {
        if (options.json) json({ ...event })
        else {
          const text = formatEvent(event)
          if (text !== undefined) line(text)
        }
      },
    })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new UsageError(
        `port ${options.webhook?.port} is already in use; pick another with --webhook-port (0 = any free port)`,
      )
    throw error
  }
  const claiming = running
  await new Promise<void>((resolve) => {
    let unwatch = () => undefined as void
    const stop = (signal: string) => {
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
      unwatch()
      io.err(`\n${signal} received, stopping after the running pass…\n`)
      void claiming.stop().then(resolve, resolve)
    }
    const onInt = () => stop('SIGINT')
    const onTerm = () => stop('SIGTERM')
    process.once('SIGINT', onInt)
    process.once('SIGTERM', onTerm)
    unwatch = watchKeys(process.stdin, {
      onTrigger: () => void claiming.trigger('key press'),
      onQuit: () => stop('q'),
    })
    if (process.stdin.isTTY) io.err('Press t to look for jobs now, q to stop.\n')
  })
  return 0
}
