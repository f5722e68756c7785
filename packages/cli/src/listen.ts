// `fake-pleo listen`: a local webhook endpoint, like `stripe listen` without the cloud. It verifies
// each delivery's signature on the raw body (one or more --secret, for rotations), answers 204 or
// 401 with the reason, spots duplicates by webhook-id, prints one line (or JSON line) per delivery
// and stops cleanly on SIGINT/SIGTERM.
import { parseArgs } from 'node:util'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { integer, UsageError } from './args.ts'
import { checkWebhookSecret } from '@fake-pleo/client'
import { createReceiver, type Delivery } from './webhook-receiver.ts'

export const listenHelp = `Usage: fake-pleo listen --secret whsec_... [options]

Receive webhooks locally (from fake-pleo or anything that signs the Standard Webhooks / Svix way),
verify webhook-id, webhook-timestamp and webhook-signature on the raw body, and print one line per
delivery: time, webhook-id, eventType, data id (the export job's id), verdict.

Answers 204 to a verified delivery and 401 {type: 'UNAUTHORIZED', message} saying why to the rest
(missing header, timestamp too old or too new, no matching signature). A delivery whose webhook-id
was already verified is answered 204 again and printed as a duplicate.

Options:
  --secret whsec_...  the subscription's signing secret (required); repeat it to accept several,
                      e.g. the old and the new one during a secret rotation
  --port N            port to listen on (default 4020; 0 picks a free port and prints it)
  --host HOST         interface to bind (default 127.0.0.1)
  --path PATH         path deliveries are POSTed to (default /)
  --tolerance SECONDS how far webhook-timestamp may be from this machine's clock, either way
                      (default 300, Svix's 5 minutes)
  --json              print one JSON object per delivery instead (the banner goes to stderr)
  -h, --help          show this help

The clock: fake-pleo stamps deliveries with real time by default, so they verify here however far
its virtual clock was moved. A fake started with --webhook-timestamps virtual stamps them with its
virtual clock instead: after moving that more than 5 minutes (POST /_sim/clock/advance, or --clock
manual left standing), deliveries look too new or too old; raise --tolerance past the gap, e.g.
--tolerance 90000 after advancing a day.

Bodies: a delivery in the doc example's wrapped shape (serve --webhook-body wrapped) is verified
the same way, over its raw bytes; its eventType and data id are read from "payload".

Example:
  1. subscribe on the fake: POST /v1/subscriptions (API-key auth) with
     {"endpointUrl": "http://127.0.0.1:4020/", "eventTypes": ["v1.export-job.created"]}
  2. read its secret: GET /v1/subscriptions/<id>/secret
  3. fake-pleo listen --secret whsec_...
`

export type ListenIo = { out: (text: string) => void; err: (text: string) => void }

export function parseListenArgs(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      secret: { type: 'string', multiple: true },
      port: { type: 'string' },
      host: { type: 'string' },
      path: { type: 'string' },
      tolerance: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const help = values.help ?? false
  const secrets = values.secret ?? []
  if (!help && secrets.length === 0) {
    throw new UsageError(
      "--secret is required: pass the subscription's signing secret (whsec_...); repeat it to accept several",
    )
  }
  for (const secret of secrets) {
    try {
      checkWebhookSecret(secret)
    } catch (error) {
      throw new UsageError(
        `--secret '${abbreviate(secret)}' is not usable: ${(error as Error).message}`,
      )
    }
  }
  const path = values.path ?? '/'
  if (!path.startsWith('/')) throw new UsageError(`--path must start with / (got '${path}')`)
  return {
    help,
    secrets,
    port: integer('port', values.port, 4020, 0, 65535),
    host: values.host ?? '127.0.0.1',
    path,
    tolerance: integer('tolerance', values.tolerance, 300, 0, 100 * 365 * 86_400),
    json: values.json ?? false,
  }
}

const abbreviate = (secret: string) => (secret.length > 12 ? `${secret.slice(0, 10)}…` : secret)

/** One printed line per delivery: time, webhook-id, eventType, data id, verdict. */
export function formatDelivery(delivery: Delivery): string {
  const time = new Date(delivery.at).toISOString().slice(11, 23)
  const verdict =
    delivery.verdict === 'rejected'
      ? `${delivery.status} rejected: ${delivery.reason ?? ''}`
      : `${delivery.status} ${delivery.verdict}${delivery.secret && delivery.secret > 1 ? ` (secret #${delivery.secret})` : ''}`
  const fields = [delivery.webhookId, delivery.eventType, delivery.dataId].map((f) => f ?? '-')
  return `${time}  ${fields.join('  ')}  → ${verdict}`
}

export function deliveryJson(delivery: Delivery): string {
  return JSON.stringify({ ...delivery, at: new Date(delivery.at).toISOString() })
}

export async function listenCommand(argv: string[], io: ListenIo): Promise<number> {
  const options = parseListenArgs(argv)
  if (options.help) {
    io.out(listenHelp)
    return 0
  }
  const info = options.json ? io.err : io.out
  const app = createReceiver({
    secrets: options.secrets,
    tolerance: options.tolerance,
    path: options.path,
    now: Date.now,
    onDelivery: (delivery) =>
      io.out(`${options.json ? deliveryJson(delivery) : formatDelivery(delivery)}\n`),
  })
  let server: ServerType
  try {
    server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, () =>
        resolve(s),
      )
      s.once('error', reject)
    })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new UsageError(
        `port ${options.port} is already in use; pick another with --port (0 = any free port)`,
      )
    throw error
  }
  const port = (server.address() as AddressInfo).port
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  const secrets = options.secrets.length === 1 ? '1 secret' : `${options.secrets.length} secrets`
  info(
    `fake-pleo listen: receiving webhooks on http://${host}:${port}${options.path}\n` +
      `  verifying with ${secrets}, timestamps within ${options.tolerance} s of this machine's clock\n` +
      `\nPress Ctrl+C to stop.\n`,
  )
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
      info(`\n${signal} received, stopping…\n`)
      server.close(() => resolve())
      if ('closeAllConnections' in server) server.closeAllConnections()
    }
    const onInt = () => stop('SIGINT')
    const onTerm = () => stop('SIGTERM')
    process.once('SIGINT', onInt)
    process.once('SIGTERM', onTerm)
  })
  return 0
}
