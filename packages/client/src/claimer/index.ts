// The reference claimer (worker side): createClaimer(...).pass() claims and exports one job per
// call following Pleo's how-to; state stores to survive a crash; an in-memory fake ledger as the
// default accounting system. Imported from `@fake-pleo/client/claimer`.
export { createClaimer, type Claimer, type ClaimerOptions } from './create-claimer.ts'
export {
  createFakeLedger,
  type AttachedReceipt,
  type FakeLedger,
  type FakeLedgerOptions,
  type LedgerEntry,
} from './fake-ledger.ts'
export {
  processJob,
  skipReceipts,
  type JobClock,
  type ProcessDeps,
  type ProcessOutcome,
} from './process-job.ts'
export { oldestPending } from './select-job.ts'
export { createFileState, createMemoryState } from './state-store.ts'
export {
  createWebhookDetector,
  type WebhookDetectorOptions,
  type WebhookSeen,
} from './detect-webhook.ts'
export type {
  AccountingSystem,
  ClaimerLog,
  ClaimerState,
  LogLevel,
  PassReport,
  RecordOutcome,
} from './types.ts'
