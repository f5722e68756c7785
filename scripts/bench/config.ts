// The knobs of `pnpm bench` in one place: load shape (connections, durations), the claim storm's
// size and how many clients race each job, how many cold starts to time, and the webhook run's
// size. Kept small so a whole run finishes in under two minutes on a 2-core machine.
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
export const cliBin = fileURLToPath(new URL('../../packages/cli/bin/fake-pleo.js', import.meta.url))
export const baselineScript = fileURLToPath(new URL('./baseline-server.js', import.meta.url))
export const webhookReceiverScript = fileURLToPath(
  new URL('./webhook-receiver.js', import.meta.url),
)
export const bundleRunner = fileURLToPath(new URL('./run-bundle.js', import.meta.url))
export const bundleFile = fileURLToPath(
  new URL('../../packages/cli/dist/fake-pleo.mjs', import.meta.url),
)
export const resultsFile = fileURLToPath(
  new URL('../../bench-results/latest.json', import.meta.url),
)

export const config = {
  /** autocannon connections, the same for every load phase. */
  connections: 32,
  /** Seconds of unmeasured load before each phase (JIT, SQLite page cache). */
  warmupSeconds: 1,
  /** Seconds of measured load per phase. */
  durationSeconds: 5,
  /** Longest wait for other processes to go quiet before a load phase. */
  quietWaitMs: 3000,
  /** Interleaved rounds of every load phase; the best round of each is reported. */
  loadRounds: 2,
  /** Pending jobs present in the company whose list is loaded. */
  listJobs: 50,
  /** Fresh pending jobs raced in the claim storm. */
  stormJobs: 1000,
  /** Concurrent `started` attempts per job. */
  clientsPerJob: 8,
  /** Requests in flight at once during the storm. */
  stormConcurrency: 64,
  /** Rounds of cold starts (bin as is, bin from sources, baseline); medians are reported. */
  coldStarts: 5,
  /** How long a fresh process sits idle before its RSS is read. */
  idleSettleMs: 1000,
  /** Jobs created (one webhook each) in the measured webhook run. */
  webhookJobs: 5000,
  /** Unmeasured jobs first, to a separate company and receiver path (JIT, SQLite cache). */
  webhookWarmupJobs: 300,
  /** POST /_sim/export-jobs in flight at once during the webhook run. */
  webhookConcurrency: 16,
  /** Longest wait for the last webhook to arrive. */
  webhookDrainTimeoutMs: 120_000,
}

export const targets = {
  listToBaseline: 0.5,
  coldStartMs: 500,
  idleRssMb: 100,
  webhookDeliveriesPerSecond: 1000,
  webhookP99Ms: 50,
}
