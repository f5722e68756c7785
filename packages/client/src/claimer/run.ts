// runClaimer: wires the detectors to one worker. A single flight runs the passes (never two at
// once, triggers coalesced); a poller asks for one every `pollIntervalMs` as a safety net; when a
// webhook port is given, a webhook detector (with the ad hoc POST /trigger) is served on it, port 0
// picking a free one. A first pass runs at start, so jobs created while the claimer was down are
// found without waiting for a webhook or the first poll. `stop()` stops polling, closes the server
// and waits for the running pass.
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { createWebhookDetector, type WebhookSeen } from './detect-webhook.ts'
import { createPoller } from './detect-poll.ts'
import { createSingleFlight, type Pass, type PassReport } from './single-flight.ts'

export type ClaimerEvent =
  | { event: 'started'; port?: number; pollIntervalMs: number }
  | { event: 'detected'; source: 'webhook' | 'poll' | 'trigger' | 'start'; reason: string }
  | ({ event: 'webhook' } & WebhookSeen)
  | { event: 'pass'; reason: string; report: PassReport }
  | { event: 'pass-failed'; reason: string; message: string }
  | { event: 'stopped' }

export type RunClaimerOptions = {
  pass: Pass
  webhook?: {
    port: number
    host?: string
    secrets: string | readonly string[]
    now?: () => number
    toleranceSeconds?: number
  }
  /** Milliseconds between polls (default 120000). */
  pollIntervalMs?: number
  log?: (event: ClaimerEvent) => void
  setInterval?: (fn: () => void, ms: number) => unknown
  clearInterval?: (handle: unknown) => void
  maxFollowUps?: number
}

export type RunningClaimer = {
  /** The webhook server's bound port, when there is one. */
  port?: number
  /** Asks for a pass; resolves when a pass started after the call has finished. */
  trigger(reason?: string): Promise<void>
  /** Resolves when no pass runs or is pending. */
  idle(): Promise<void>
  stop(): Promise<void>
}

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  port: number,
  host: string,
) {
  return new Promise<ServerType>((resolve, reject) => {
    const server = serve({ fetch, port, hostname: host }, () => resolve(server))
    server.once('error', reject)
  })
}

export async function runClaimer(options: RunClaimerOptions): Promise<RunningClaimer> {
  const log = options.log ?? (() => undefined)
  const pollIntervalMs = options.pollIntervalMs ?? 120_000
  const flight = createSingleFlight(options.pass, {
    ...(options.maxFollowUps !== undefined ? { maxFollowUps: options.maxFollowUps } : {}),
    onPass: (report, reason) => log({ event: 'pass', reason, report }),
    onError: (error, reason) =>
      log({
        event: 'pass-failed',
        reason,
        message: error instanceof Error ? error.message : String(error),
      }),
  })
  const wake = (source: 'webhook' | 'poll' | 'trigger' | 'start', reason: string) => {
    log({ event: 'detected', source, reason })
    return flight.trigger(reason)
  }
  const poller = createPoller({
    intervalMs: pollIntervalMs,
    trigger: (reason) => wake('poll', reason),
    ...(options.setInterval ? { setInterval: options.setInterval } : {}),
    ...(options.clearInterval ? { clearInterval: options.clearInterval } : {}),
  })

  let server: ServerType | undefined
  let port: number | undefined
  if (options.webhook) {
    const hook = options.webhook
    const app = createWebhookDetector({
      secrets: hook.secrets,
      onJob: (reason) => void wake(reason === 'ad hoc trigger' ? 'trigger' : 'webhook', reason),
      onSeen: (seen) => log({ event: 'webhook', ...seen }),
      ...(hook.now ? { now: hook.now } : {}),
      ...(hook.toleranceSeconds !== undefined ? { toleranceSeconds: hook.toleranceSeconds } : {}),
    })
    server = await listen(app.fetch, hook.port, hook.host ?? '127.0.0.1')
    port = (server.address() as AddressInfo).port
  }

  log({ event: 'started', ...(port !== undefined ? { port } : {}), pollIntervalMs })
  poller.start()
  void wake('start', 'start-up')

  let stopping: Promise<void> | undefined
  return {
    ...(port !== undefined ? { port } : {}),
    trigger: (reason = 'ad hoc trigger') => wake('trigger', reason),
    idle: () => flight.idle(),
    stop() {
      stopping ??= (async () => {
        poller.stop()
        const closed = server
          ? new Promise<void>((resolve) => {
              server.close(() => resolve())
              if ('closeAllConnections' in server) server.closeAllConnections()
            })
          : Promise.resolve()
        await Promise.all([closed, flight.stop()])
        log({ event: 'stopped' })
      })()
      return stopping
    },
  }
}
