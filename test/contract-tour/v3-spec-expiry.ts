// The v3 tour, part 4, on a second fake running `--expired-status failed` (the spec's reading): an
// expired job reads `failed` with failureReasonType job_expired and expiredAt, never `expired`;
// asking for `statuses=expired` is refused as a status this server never holds; and the expired
// job refuses events, item updates and export items like any finished one. The answers are held
// to Pleo's job-status enum exactly.
import { expect } from 'vitest'
import { finished, iso, messageOf, now, v3 } from './common.ts'
import type { Step } from './runner.ts'
import { read } from './schemas.ts'
import { note, type Tour } from './tour.ts'

const spec = (t: Tour) => t.fakes.spec
const claimed = (t: Tour) => ({ params: { jobId: note(t, 'spec.claimed') } })

export const v3SpecExpiry: Step[] = [
  {
    on: 'spec',
    op: v3.jobs,
    status: 200,
    why: 'three pending jobs, oldest first',
    call: () => ({ query: 'sorting_keys=createdAt&statuses=pending' }),
    check: (t, body) => {
      const jobs = read.jobs(body).data
      expect(jobs).toHaveLength(3)
      t.notes.set('spec.claimed', jobs[0]?.id ?? '')
    },
  },
  {
    on: 'spec',
    op: v3.event,
    status: 202,
    why: 'the oldest claimed',
    call: (t) => ({ body: { jobId: note(t, 'spec.claimed'), event: 'started' } }),
  },
  {
    on: 'spec',
    op: v3.jobs,
    status: 400,
    error: 'BAD_REQUEST',
    why: '`statuses=expired`, a status this server never holds',
    call: () => ({ query: 'statuses=expired' }),
    check: (_t, body) => expect(messageOf(body)).toContain('--expired-status failed'),
  },
  {
    on: 'spec',
    op: v3.job,
    status: 200,
    why: 'past the window the claimed job reads failed, job_expired',
    call: async (t) => {
      await spec(t).control.advanceClock(3600 + 1)
      return claimed(t)
    },
    check: (t, body) => {
      const job = read.job(body)
      const closed = Date.parse(job.lastUpdatedAt ?? '') + job.expiresIn * 1000
      expect(job).toMatchObject({
        status: 'failed',
        failureReasonType: 'job_expired',
        expiredAt: iso(closed),
      })
      expect(closed).toBeLessThanOrEqual(now(spec(t)))
    },
  },
  {
    on: 'spec',
    op: v3.jobs,
    status: 200,
    why: 'every job expired, pending ones too, as failed',
    call: () => ({ query: 'statuses=failed' }),
    check: (_t, body) => {
      const jobs = read.jobs(body).data
      expect(jobs).toHaveLength(3)
      expect(jobs.every((j) => j.failureReasonType === 'job_expired' && j.expiredAt)).toBe(true)
    },
  },
  {
    on: 'spec',
    op: v3.items,
    status: 200,
    why: 'the expired job’s items abandoned',
    call: claimed,
    check: (_t, body) => {
      expect(new Set(read.items(body).data.map((i) => i.status))).toEqual(new Set(['abandoned']))
    },
  },
  ...finished('spec.claimed', 'expired', { on: 'spec' }),
]
