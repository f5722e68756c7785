// fake-pleo: the fake Pleo Export API for tests and embedding. `startFakePleo()` starts one on a
// free port with a fresh in-memory database (`await using` stops it) and its typed control API
// helpers (`sim.control`); `createApp` and `createFakePleo` build one without a socket, for
// `app.request()`, and `createControl` types the control API over any fetch. The named exports
// below take the place of the server's own `startFakePleo`, `listen` and `RunningFakePleo`.
export * from '@fake-pleo/server'
export { listen, startFakePleo, type RunningFakePleo } from './start.ts'
export {
  createControl,
  ControlError,
  type ClockView,
  type Control,
  type ControlEvent,
  type DeliveryView,
  type FaultConfig,
  type FaultRule,
  type FaultState,
  type JournalRecord,
  type OAuthClientView,
  type PressExport,
} from '@fake-pleo/client'
export { parseFaultConfig } from '@fake-pleo/contract'
