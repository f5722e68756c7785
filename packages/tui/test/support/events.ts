// Builders of live events for tests: operations with sensible defaults, ticks with a jobs
// snapshot, and a short race (workers added, a claim won, one lost, a job finished).
import type { JobsSnapshot, LiveEvent, Operation, Violation } from '../../src/race-types.ts'

const simStart = Date.parse('2026-01-05T09:00:00Z')
let index = 0

export const op = (
  fields: Partial<Operation> & Pick<Operation, 'process' | 'type' | 'f'>,
): LiveEvent => ({
  type: 'operation',
  operation: { index: index++, time: 0, sim: simStart, ...fields },
})

export const jobsSnapshot = (overrides: Partial<JobsSnapshot> = {}): JobsSnapshot => ({
  counts: {
    pending: 0,
    in_progress: 0,
    completed: 0,
    completed_with_errors: 0,
    failed: 0,
    expired: 0,
  },
  oldestPendingAgeMs: null,
  nextExpiryAt: null,
  recent: [],
  ...overrides,
})

export const tick = (
  fields: Partial<Extract<LiveEvent, { type: 'tick' }>> = {},
): Extract<LiveEvent, { type: 'tick' }> => ({
  type: 'tick',
  now: simStart,
  speed: 1,
  paused: false,
  jobs: jobsSnapshot(),
  violations: [],
  violationCount: 0,
  claimsWon: 0,
  ...fields,
})

export const doubleClaim: Violation = {
  invariant: 1,
  rule: 'one-claim-per-job',
  message: 'job job-aaaa1111 was claimed by workers 0 and 1',
  jobId: 'job-aaaa1111',
  operations: [],
}

/** Two workers; worker 0 wins job-aaaa1111 and finishes it, worker 1 loses it with a 422. */
export const shortRace = (): LiveEvent[] => [
  { type: 'worker-added', worker: 0, trigger: 'webhook' },
  { type: 'worker-added', worker: 1, trigger: 'poll' },
  op({ process: 0, type: 'invoke', f: 'claim', jobId: 'job-aaaa1111' }),
  op({ process: 1, type: 'invoke', f: 'claim', jobId: 'job-aaaa1111' }),
  op({ process: 0, type: 'ok', f: 'claim', jobId: 'job-aaaa1111' }),
  op({
    process: 1,
    type: 'fail',
    f: 'claim',
    jobId: 'job-aaaa1111',
    value: { status: 422, error: 'EXPORT_JOB_ALREADY_STARTED' },
  }),
  op({
    process: 0,
    type: 'invoke',
    f: 'finish',
    jobId: 'job-aaaa1111',
    value: { event: 'completed' },
  }),
  op({ process: 0, type: 'ok', f: 'finish', jobId: 'job-aaaa1111' }),
  tick({
    now: simStart + 5000,
    claimsWon: 1,
    jobs: jobsSnapshot({
      counts: {
        pending: 3,
        in_progress: 1,
        completed: 1,
        completed_with_errors: 0,
        failed: 0,
        expired: 0,
      },
      oldestPendingAgeMs: 12_000,
      nextExpiryAt: simStart + 5000 + 118_000,
      recent: [
        { id: 'job-bbbb2222', status: 'pending', createdAt: '2026-01-05T09:00:04Z' },
        { id: 'job-aaaa1111', status: 'completed', createdAt: '2026-01-05T09:00:00Z' },
      ],
    }),
  }),
]
