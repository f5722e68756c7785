// Status filters accept only what the server can hold. GET /v3/export-jobs `statuses`: Pleo's five
// statuses plus `expired` by default; with expiredStatus 'failed' an expired job reads `failed`,
// so `statuses=expired` could never match and answers 400 naming the parameter. GET …/items
// `status`: the five item statuses in both modes. Unknown values are 400 everywhere, and a
// refused filter changes nothing. Also: the spec's reading of expiry (status failed,
// failureReasonType job_expired, expiredAt) on the job, in the list and on its items.
import { describe, expect, it } from 'vitest'
import { inProcessFake } from './helpers.ts'
import {
  advance,
  expectError,
  itemListSchema,
  jobBodySchema,
  jobListSchema,
  pressExport,
  read,
  stateWithoutJournal,
  storedJob,
} from './support.ts'

const pleoStatuses = ['pending', 'in_progress', 'completed', 'completed_with_errors', 'failed']

describe("GET /v3/export-jobs?statuses= with the default expiredStatus 'expired'", () => {
  it('accepts Pleo’s five statuses and expired, and finds an expired job by it', async () => {
    using t = inProcessFake()
    for (const status of pleoStatuses) {
      await read(await t.get(`/v3/export-jobs?statuses=${status}`), 200, jobListSchema)
    }
    const job = await pressExport(t, { expiresIn: 60 })
    await advance(t, 60)
    const expired = await read(await t.get('/v3/export-jobs?statuses=expired'), 200, jobListSchema)
    expect(expired.data.map((j) => [j.id, j.status])).toEqual([[job.id, 'expired']])
  })

  it('answers 400 naming statuses for a value no job can have', async () => {
    using t = inProcessFake()
    const state = stateWithoutJournal(t)
    for (const value of ['done', 'PENDING', 'canceled', '']) {
      const message = await expectError(
        await t.get(`/v3/export-jobs?statuses=pending&statuses=${value}`),
        400,
        'BAD_REQUEST',
      )
      expect(message).toContain("'statuses")
    }
    expect(stateWithoutJournal(t)).toEqual(state)
  })
})

describe("GET /v3/export-jobs?statuses= with expiredStatus 'failed'", () => {
  it('answers 400 for statuses=expired, naming the parameter and why', async () => {
    using t = inProcessFake({ expiredStatus: 'failed' })
    await pressExport(t, { expiresIn: 60 })
    await advance(t, 60)
    const state = stateWithoutJournal(t)
    for (const query of ['statuses=expired', 'statuses=failed&statuses=expired']) {
      const message = await expectError(await t.get(`/v3/export-jobs?${query}`), 400, 'BAD_REQUEST')
      expect(message).toContain("'statuses")
      expect(message).toContain('--expired-status failed')
    }
    expect(stateWithoutJournal(t)).toEqual(state)
  })

  it('accepts Pleo’s five statuses', async () => {
    using t = inProcessFake({ expiredStatus: 'failed' })
    for (const status of pleoStatuses) {
      await read(await t.get(`/v3/export-jobs?statuses=${status}`), 200, jobListSchema)
    }
  })

  it('shows an expired job as the spec reads it: on the job, in the list, on its items', async () => {
    using t = inProcessFake({ expiredStatus: 'failed' })
    const job = await pressExport(t, { expiresIn: 60, numberOfItems: 3 })
    const expiresAt = storedJob(t, job.id).lastUpdatedAt + 60_000
    await advance(t, 61)
    const expected = {
      id: job.id,
      status: 'failed',
      failureReasonType: 'job_expired',
      expiredAt: new Date(expiresAt).toISOString().replace('.000Z', 'Z'),
    }

    const one = await read(await t.get(`/v3/export-jobs/${job.id}`), 200, jobBodySchema)
    expect(one.data).toMatchObject(expected)
    const failed = await read(await t.get('/v3/export-jobs?statuses=failed'), 200, jobListSchema)
    expect(failed.data).toEqual([expect.objectContaining(expected)])
    const all = await read(await t.get('/v3/export-jobs'), 200, jobListSchema)
    expect(all.data.filter((j) => j.id === job.id)).toEqual([expect.objectContaining(expected)])
    expect(all.data.some((j) => (j.status as string) === 'expired')).toBe(false)

    const items = await read(await t.get(`/v3/export-jobs/${job.id}/items`), 200, itemListSchema)
    expect(items.data.map((i) => i.status)).toEqual(['abandoned', 'abandoned', 'abandoned'])
    const abandoned = await read(
      await t.get(`/v3/export-jobs/${job.id}/items?status=abandoned`),
      200,
      itemListSchema,
    )
    expect(abandoned.data).toHaveLength(3)
    expect(storedJob(t, job.id)).toMatchObject({ status: 'failed', expiredAt: expiresAt })
  })
})

describe('GET /v3/export-jobs/{jobId}/items?status=', () => {
  for (const expiredStatus of ['expired', 'failed'] as const) {
    it(`takes the five item statuses and refuses others (expiredStatus ${expiredStatus})`, async () => {
      using t = inProcessFake({ expiredStatus })
      const job = await pressExport(t)
      const path = `/v3/export-jobs/${job.id}/items`
      for (const status of ['pending', 'in_progress', 'failed', 'successful', 'abandoned']) {
        await read(await t.get(`${path}?status=${status}`), 200, itemListSchema)
      }
      for (const value of ['expired', 'done', 'completed']) {
        const message = await expectError(
          await t.get(`${path}?status=${value}`),
          400,
          'BAD_REQUEST',
        )
        expect(message).toContain("'status'")
      }
    })
  }
})
