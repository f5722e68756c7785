// Assembling a fake: store, clock, ids, seed and app from plain options (no socket), and
// startFakePleo, which also listens on a port (0 = any free port) and cleans up with
// `await using`. The CLI's `serve` and the tests both build on these.
import { serve, type ServerType } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { createApp, type FakePleoApp } from './app.ts'
import type { AppDeps, BearerAuthenticator } from './app-env.ts'
import { createClock, type ClockMode, type ClockState } from './clock.ts'
import { randomIds, type IdGenerator } from './ids.ts'
import { silentLogger, type Logger } from './logger.ts'
import { defaultFidelity, isUnsafe, type FidelityOptions } from './options.ts'
import { clockMetaKey } from './services/clock-state.ts'
import { demoApiKey, demoCompanyId, runSeed, type SeedName } from './seed.ts'
import type { Store } from './store/types.ts'
import { oauthBearer } from './services/oauth.ts'
import { createSqliteStore } from './store/sqlite-store.ts'
import { version } from './version.ts'
import { createEventBus } from './events.ts'
import { createSubscription } from './services/subscriptions.ts'
import { subscriptionRequestSchema, webhookEventTypes } from '@fake-pleo/contract'
import { createFaultEngine } from './faults/engine.ts'
import type { ConfigurableFaultEngine } from './faults/types.ts'
import { createDispatcher, type Dispatcher } from './webhooks/dispatcher.ts'
import { isLoopbackHost, openControlApiProblem } from './net/hosts.ts'
import { webhookTargetRefusal } from './services/webhook-targets.ts'

export type FakePleoOptions = Partial<FidelityOptions> & {
  /** SQLite file, or ':memory:' (default). */
  db?: string
  seed?: SeedName
  clock?: ClockMode
  /** Real time source behind the clock (tests). */
  realNow?: () => number
  ids?: IdGenerator
  log?: Logger
  bearer?: BearerAuthenticator
  requestLog?: (line: string) => void
  /** Fault engine (default: a seeded one with no rules, set through PUT /_sim/faults). */
  faults?: ConfigurableFaultEngine
  /** fetch used for webhook deliveries (tests). */
  webhookFetch?: typeof fetch
  /** Webhook retry delays in seconds (default: Svix's schedule). */
  webhookRetrySchedule?: readonly number[]
  /** Real milliseconds an endpoint has to answer (default 15000). */
  webhookTimeoutMs?: number
  /** Real milliseconds a process holds the webhooks it is sending before another process on the
   * same database may send them again (default 30000; renewed while they are in flight). */
  webhookLeaseMs?: number
  /** `off`: webhooks are queued but only sent when a test calls `dispatcher.tick()`. */
  webhookDelivery?: 'auto' | 'off'
  /** Subscribe the seeded company to these endpoints (every event type), unless it already is. */
  webhooks?: readonly string[]
  /**
   * How the fake waits (default: real timers): HTTP latency faults (unless `faults` is given),
   * webhook delay faults and the unsafe claim's window. Race engines pass a sleep on their own
   * virtual schedule so runs are deterministic.
   */
  sleep?: (ms: number) => Promise<void>
}

export type FakePleo = {
  app: FakePleoApp
  deps: AppDeps
  /** The seeded company and key, when a seed ran on an empty database. */
  companyId: string | undefined
  apiKey: string | undefined
  dispatcher: Dispatcher
  /** The subscriptions `webhooks` asked for, with their signing secrets. */
  subscriptions: { id: string; endpointUrl: string; secret: string }[]
  /** Closes at once: webhooks in flight are not recorded (they go out again after a restart, or
   * from another process on the same database). Stops the dispatcher's poll of the database. A
   * second call does nothing. */
  close(): void
  /** Waits for webhooks in flight to be recorded, then closes. */
  shutdown(): Promise<void>
  /** `using fake = createFakePleo()` closes it (close()) at the end of the scope. */
  [Symbol.dispose](): void
}

export function createFakePleo(options: FakePleoOptions = {}): FakePleo {
  const fidelity: FidelityOptions = { ...defaultFidelity, ...definedOnly(options) }
  const open = openControlApiProblem(fidelity)
  if (open) throw new Error(open)
  const store = createSqliteStore({
    path: options.db ?? ':memory:',
    expiredStatus: fidelity.expiredStatus,
    rules: { strictTransitions: fidelity.strictTransitions },
    journalLimit: fidelity.journalLimit,
    journalMaxBytes: fidelity.journalMaxBytes,
    retain: fidelity.retain,
    unsafe: (mode) => isUnsafe(fidelity, mode),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  })
  const clock = createClock(options.clock ?? 'system', options.realNow)
  const saved = store.getMeta(clockMetaKey)
  const state = saved ? (JSON.parse(saved) as ClockState) : undefined
  if (state?.mode === clock.mode) clock.restore(state)
  // Saved from the start, not only once moved: a manual clock that was never advanced would
  // otherwise restart at the real time of the restart (and webhook retries fall due early).
  else store.setMeta(clockMetaKey, JSON.stringify(clock.state()))
  const log = options.log ?? silentLogger
  const ids = options.ids ?? randomIds()
  const bus = createEventBus((error) => log.error('an event listener failed', error))
  const faults = options.faults ?? createFaultEngine(options.sleep ? { sleep: options.sleep } : {})
  const dispatcher = createDispatcher({
    webhooks: store.webhooks,
    clock,
    ids,
    log,
    bus,
    faults,
    fidelity,
    ...(options.webhookFetch ? { fetch: options.webhookFetch } : {}),
    ...(options.webhookRetrySchedule ? { schedule: options.webhookRetrySchedule } : {}),
    ...(options.webhookTimeoutMs ? { timeoutMs: options.webhookTimeoutMs } : {}),
    ...(options.webhookLeaseMs ? { leaseMs: options.webhookLeaseMs } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    userAgent: `fake-pleo/${version}`,
  })
  const deps: AppDeps = {
    store,
    clock,
    ids,
    log,
    bus,
    faults,
    dispatcher,
    options: fidelity,
    version,
    bearer: options.bearer ?? oauthBearer(store),
    ...(options.requestLog ? { requestLog: options.requestLog } : {}),
  }
  const isEmpty = !store.hasCompanies()
  const seeded = isEmpty ? runSeed(options.seed ?? 'none', deps) : undefined
  const earlier = isEmpty ? undefined : earlierSeed(store)
  if (seeded) store.setMeta('seed-company', seeded.companyId)
  const companyId = seeded?.companyId ?? earlier?.companyId
  const subscriptions = subscribeEndpoints(deps, companyId, options.webhooks ?? [])
  const app = createApp(deps)
  if (options.webhookDelivery !== 'off') dispatcher.start()
  let closed = false
  const close = () => {
    if (closed) return
    closed = true
    dispatcher.halt()
    store.close()
  }
  return {
    app,
    deps,
    dispatcher,
    subscriptions,
    companyId,
    apiKey: seeded?.apiKey ?? earlier?.apiKey,
    close,
    shutdown: async () => {
      await dispatcher.stop()
      if (closed) return
      closed = true
      store.close()
    },
    [Symbol.dispose]: close,
  }
}

/**
 * The company an earlier start seeded in this database, and its key when that can be known: keys
 * are stored only as hashes, so only the demo seed's fixed key (checked against its hash) is.
 */
function earlierSeed(store: Store): { companyId: string; apiKey: string | undefined } | undefined {
  const companyId = store.getMeta('seed-company')
  if (!companyId || store.listApiKeys(companyId).length === 0) return undefined
  const demo = companyId === demoCompanyId && store.findApiKey(demoApiKey)?.companyId === companyId
  return { companyId, apiKey: demo ? demoApiKey : undefined }
}

/** Subscribes the company to each endpoint for every event type, reusing a live subscription. */
function subscribeEndpoints(deps: AppDeps, companyId: string | undefined, urls: readonly string[]) {
  if (urls.length > 0 && !companyId) {
    throw new Error('webhooks need a company: use a seed that creates one (demo or empty)')
  }
  return urls.map((endpointUrl) => {
    const live = deps.store.webhooks
      .listSubscriptions(companyId ?? '')
      .find((s) => s.endpointUrl === endpointUrl && s.status === 'ACTIVE')
    if (live) {
      const [secret = ''] = deps.store.webhooks.activeSecrets(live.id, deps.clock.now())
      return { id: live.id, endpointUrl, secret }
    }
    const refusal = webhookTargetRefusal(deps.options, endpointUrl)
    if (refusal) throw new Error(refusal)
    const request = subscriptionRequestSchema.parse({
      endpointUrl,
      eventTypes: [...webhookEventTypes],
    })
    const { record, secret } = createSubscription(deps, companyId ?? '', request)
    return { id: record.id, endpointUrl, secret }
  })
}

function definedOnly(options: FakePleoOptions): Partial<FidelityOptions> {
  const keys = Object.keys(defaultFidelity) as (keyof FidelityOptions)[]
  return Object.fromEntries(
    keys.filter((k) => options[k] !== undefined).map((k) => [k, options[k]]),
  ) as Partial<FidelityOptions>
}

export type RunningFakePleo = FakePleo & {
  url: string
  port: number
  /** fetch against this server: relative paths resolve against `url`. */
  fetch(input: string, init?: RequestInit): Promise<Response>
  stop(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

export type ListenOptions = { port?: number; host?: string }

export async function listen(
  fake: FakePleo,
  listenOptions: ListenOptions = {},
): Promise<RunningFakePleo> {
  const host = listenOptions.host ?? fake.deps.options.host
  if (host !== fake.deps.options.host && !isLoopbackHost(host)) {
    // The app's guards (control Host check, admin token, webhook targets) follow its own host.
    throw new Error(
      `listen on ${host}: create the fake with host: '${host}' (it was made for ${fake.deps.options.host})`,
    )
  }
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: fake.app.fetch, port: listenOptions.port ?? 0, hostname: host }, () =>
      resolve(s),
    )
    s.once('error', reject)
  })
  const port = (server.address() as AddressInfo).port
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  const boundFetch = (input: string, init?: RequestInit) => fetch(new URL(input, url), init)
  let stopped: Promise<void> | undefined
  const stop = () =>
    (stopped ??= new Promise<void>((resolve) => {
      server.close(() => {
        void fake.shutdown().then(resolve)
      })
      if ('closeAllConnections' in server) server.closeAllConnections()
    }))
  return {
    ...fake,
    url,
    port,
    fetch: boundFetch,
    stop,
    [Symbol.asyncDispose]: stop,
    // `using` (not `await using`): stops listening and closes the fake at once.
    [Symbol.dispose]: () => {
      server.close()
      if ('closeAllConnections' in server) server.closeAllConnections()
      fake.close()
    },
  }
}

/** An in-process fake on port 0 with a fresh `:memory:` database, seeded with the demo company. */
export async function startFakePleo(
  options: FakePleoOptions & ListenOptions = {},
): Promise<RunningFakePleo & { companyId: string; apiKey: string }> {
  const fake = createFakePleo({ seed: 'demo', ...options })
  const running = await listen(fake, options)
  if (!running.companyId || !running.apiKey) {
    await running.stop()
    throw new Error('startFakePleo needs a seed that creates a company: "demo" or "empty"')
  }
  return running as RunningFakePleo & { companyId: string; apiKey: string }
}
