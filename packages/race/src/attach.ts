// The attached race environment: races against a `fake-pleo serve` that is already running
// (`fake-pleo race --api URL`). The race gets a company of its own on that server (so the
// server's other jobs are left alone), reaches it over HTTP like any integration, sets fault
// rules through the control API (and puts the server's own rules back when it ends) and runs its
// webhook workers on local ports. The server's clock is followed, not driven: with a `system`
// clock the race runs in real time (speed 1); with a `manual` clock it moves the clock forward at
// `speed` times real time. Webhook workers verify timestamps against the clock the server says
// it signs with. The server's claims cannot be switched to unsafe from here. A clock move the
// server refuses or never answers is a warning (once until a move succeeds again), not silence.
import type { FaultState } from '@fake-pleo/contract'
import { createControl } from '@fake-pleo/client'
import type { RaceEnvironment } from './environment.ts'
import { realTime } from './real-time.ts'
import type { Scenario } from './scenario.ts'

export type AttachOptions = {
  /** The server's base URL, e.g. http://127.0.0.1:4010. */
  url: string
  /** With `serve --admin-token`: the token for the control API. */
  adminToken?: string
  /** Virtual ms per real ms when the server's clock is manual (default 1). */
  speed?: number
  /** How the control API is reached (default: the global fetch). */
  fetch?: typeof fetch
}

/** Warnings for listeners, kept for listeners that come later. */
function warningChannel() {
  const given: string[] = []
  const listeners = new Set<(message: string) => void>()
  return {
    warn(message: string) {
      given.push(message)
      for (const listener of listeners) listener(message)
    },
    subscribe(listener: (message: string) => void) {
      for (const message of given) listener(message)
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
  }
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error))

export async function attachEnvironment(
  scenario: Scenario,
  options: AttachOptions,
): Promise<RaceEnvironment> {
  const base = options.url.replace(/\/+$/, '')
  const send = options.fetch ?? fetch
  const control = createControl((path, init) => send(`${base}${path}`, init), options.adminToken)
  try {
    await control.health()
  } catch (error) {
    throw new Error(`${base} does not answer as fake-pleo (GET /_sim/health: ${String(error)})`)
  }
  const { company, apiKey } = await control.createCompany({ name: `race, seed ${scenario.seed}` })
  const before: FaultState = await control.faults()
  const clock = await control.clock()
  const manual = clock.mode === 'manual'
  const speed = manual ? (options.speed ?? 1) : 1
  let anchor = { server: clock.nowMs, real: Date.now() }
  const now = () => anchor.server + (Date.now() - anchor.real) * (manual ? speed : 1)
  const warnings = warningChannel()
  let advancing = false
  let failing = false
  const advance = async () => {
    // The move is to the race's time when it was asked for; the time that passes while the
    // server answers stays owed to the next move (anchoring on the answer's arrival lost it, and
    // on a loaded machine the server's clock ran at half the race's speed).
    const askedAt = Date.now()
    const seconds = ((askedAt - anchor.real) * speed) / 1000
    if (seconds <= 0) return
    try {
      const view = await control.advanceClock(seconds)
      anchor = { server: view.nowMs, real: askedAt }
      failing = false
    } catch (error) {
      if (failing) return
      failing = true
      warnings.warn(
        `the server's clock could not be moved (POST /_sim/clock/advance: ${reason(error)}); ` +
          "the race's clock runs ahead of the server's until a move succeeds",
      )
    }
  }
  const ticker = manual
    ? setInterval(() => {
        if (advancing) return
        advancing = true
        void advance().finally(() => (advancing = false))
      }, 100)
    : undefined
  const real = realTime(() => speed)
  const admin: Record<string, string> = options.adminToken
    ? { authorization: `Bearer ${options.adminToken}` }
    : {}
  return {
    ...real,
    baseUrl: base,
    companyId: company.id,
    apiKey,
    now,
    // Deliveries are signed with real time unless the server says it signs on its clock.
    webhookNow: clock.webhookTimestamps === 'wall' ? () => Date.now() : now,
    fetchFor: (owner) => {
      const fetch = real.fetchFor(owner)
      return (input, init) =>
        new URL(input).pathname.startsWith('/_sim/')
          ? fetch(input, { ...init, headers: { ...(init.headers as object), ...admin } })
          : fetch(input, init)
    },
    async setFaults(seed, rules) {
      await control.setFaults({ seed, rules })
    },
    drive: (done, maxSimMs) => real.drive(done, maxSimMs, now),
    onWarning: (listener) => warnings.subscribe(listener),
    pausesWorkers: false,
    async close() {
      if (ticker) clearInterval(ticker)
      await real.close()
      await control.setFaults({ seed: before.seed, rules: before.rules }).catch(() => undefined)
    },
  }
}
