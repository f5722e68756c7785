// @fake-pleo/server: the fake Pleo Export API, in-process (createApp, createFakePleo) or on a
// port (startFakePleo, listen). The control API's client is @fake-pleo/client's createControl;
// its wire shapes and the fault rules are @fake-pleo/contract's.
export { createApp, type FakePleoApp } from './app.ts'
export type { AppDeps, AppEnv, BearerAuthenticator, Principal } from './app-env.ts'
export { ApiError } from './api-error.ts'
export { createClock, type Clock, type ClockMode } from './clock.ts'
export {
  createFakePleo,
  listen,
  startFakePleo,
  type FakePleo,
  type FakePleoOptions,
  type ListenOptions,
  type RunningFakePleo,
} from './fake-pleo.ts'
export { createFaultEngine, type FaultEngineOptions } from './faults/engine.ts'
export type { ConfigurableFaultEngine, FaultEngine } from './faults/types.ts'
export { descendingIds, randomIds, seededIds, type IdGenerator } from './ids.ts'
export { silentLogger, streamLogger, type Logger } from './logger.ts'
export { isLoopbackHost, openControlApiProblem } from './net/hosts.ts'
export { webhookTargetRefusal } from './services/webhook-targets.ts'
export { defaultFidelity, isUnsafe, type FidelityOptions, type ListOrder } from './options.ts'
export { demoApiKey, demoCompanyId, demoOAuthClient, type SeedName } from './seed.ts'
export { createSqliteStore } from './store/sqlite-store.ts'
export type { Store } from './store/types.ts'
export { version } from './version.ts'
