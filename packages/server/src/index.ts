// @fake-pleo/server: the fake Pleo Export API, in-process (createApp, createFakePleo) or on a
// port (startFakePleo, listen).
export { createApp, type FakePleoApp } from './app.ts'
export type { AppDeps, AppEnv, BearerAuthenticator, Principal } from './app-env.ts'
export { ApiError } from './api-error.ts'
export { createClock, type Clock, type ClockMode } from './clock.ts'
export {
  createControl,
  ControlError,
  type ClockView,
  type Control,
  type ControlEvent,
  type DeliveryView,
  type JournalRecord,
  type OAuthClientView,
  type PressExport,
} from './control-client.ts'
export {
  createFakePleo,
  listen,
  startFakePleo,
  type FakePleo,
  type FakePleoOptions,
  type RunningFakePleo,
} from './fake-pleo.ts'
export { createFaultEngine, type FaultEngineOptions } from './faults/engine.ts'
export {
  parseFaultConfig,
  type FaultConfig,
  type FaultRule,
  type FaultState,
} from './faults/rules.ts'
export type { ConfigurableFaultEngine, FaultEngine } from './faults/types.ts'
export { descendingIds, randomIds, seededIds, type IdGenerator } from './ids.ts'
export { silentLogger, streamLogger, type Logger } from './logger.ts'
export { defaultFidelity, isUnsafe, type FidelityOptions, type ListOrder } from './options.ts'
export { demoCompanyId, demoOAuthClient, type SeedName } from './seed.ts'
export { createSqliteStore } from './store/sqlite-store.ts'
export type { Store } from './store/types.ts'
export { version } from './version.ts'
