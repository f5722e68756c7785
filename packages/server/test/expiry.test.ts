// Expiry on the virtual clock (DESIGN): an open job expires `expiresIn` seconds after its
// lastUpdatedAt. One second before, it is still pending and can be claimed; at that instant and
// after, it reads `expired` with expiredAt = the instant the window closed, its open items are
// abandoned, and events, item updates and export items answer 422. Accepted events and item
// updates refresh lastUpdatedAt; refused ones do not; finished jobs never expire. The
// `expiredStatus: 'failed'` option reads as failed + job_expired. The clock moves only through
// POST /_sim/clock/advance and /_sim/clock/set; a fast-check property checks the boundary.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { inProcessFake } from './helpers.ts'
import {
  advance,
  applyEvent,
  demoJobs,
  expectError,
  jobBodySchema,
  jobListSchema,
  now,
  pressExport,
  read,
  sendEvent,
  stateWithoutJournal,
  storedItems,
  storedJob,
  type Fake,
} from './support.ts'

describe('expiry', () => {
  let t: Fake
  afterEach(() => t.close())
  beforeEach(() => {
    t = inProcessFake()
  })

  it('expires the oldest seeded job first, at its window’s end to the second', async () => {
    const jobs = (await demoJobs(t)).map((j) => storedJob(t, j.id))
    const ends = jobs.map((j) => j.lastUpdatedAt + j.expiresIn * 1000)
    const first = Math.min(...ends)
    const oldest = jobs[ends.indexOf(first)]
    if (!oldest) throw new Error('no seeded job')
    expect(oldest.createdAt).toBe(Math.min(...jobs.map((j) => j.createdAt)))

    await advance(t, (first - now(t)) / 1000 - 1)
    expect(jobs.map((j) => storedJob(t, j.id).status)).toEqual(['pending', 'pending', 'pending'])
    await advance(t, 1)
    for (const job of jobs) {
      expect(storedJob(t, job.id).status).toBe(job.id === oldest.id ? 'expired' : 'pending')
    }
  })

  it('a job read over and over shows its expiry the moment time reaches it, with no write between', async () => {
    // A system clock on a hand-moved time source: time passes without any request or write, so
    // nothing but the read itself can expire the job (a remembered job must not hide it).
    let wall = Date.UTC(2026, 3, 1, 9, 0, 0)
    using s = inProcessFake({ clock: 'system', realNow: () => wall })
    const job = await pressExport(s, { expiresIn: 60 })
    const status = async () =>
      (await read(await s.get(`/v3/export-jobs/${job.id}`), 200, jobBodySchema)).data.status
    expect(await status()).toBe('pending')
    wall += 59_999
    expect(await status()).toBe('pending')
    expect(await status()).toBe('pending')
    wall += 1
    expect(await status()).toBe('expired')
    expect(storedJob(s, job.id).status).toBe('expired')
  })

  it('keeps a job pending one second before its window closes, and lets it be claimed', async () => {
    const job = await pressExport(t, { expiresIn: 60 })
    const claimedAt = await advance(t, 59)
    expect(storedJob(t, job.id).status).toBe('pending')
    await applyEvent(t, job.id, 'started')
    expect(storedJob(t, job.id)).toMatchObject({ status: 'in_progress', lastUpdatedAt: claimedAt })
    // The claim refreshed lastUpdatedAt: the original deadline passes without expiry…
    await advance(t, 59)
    expect(storedJob(t, job.id).status).toBe('in_progress')
    // …and the job expires 60 s after the claim.
    await advance(t, 1)
    expect(storedJob(t, job.id)).toMatchObject({
      status: 'expired',
      expiredAt: claimedAt + 60_000,
    })
  })

  it('expires a job at the instant its window closes, with everything that follows', async () => {
    const job = await pressExport(t, { expiresIn: 60, numberOfItems: 3 })
    const createdAt = storedJob(t, job.id).createdAt
    await advance(t, 60)

    const stored = storedJob(t, job.id)
    expect(stored).toMatchObject({
      status: 'expired',
      expiredAt: createdAt + 60_000,
      failureReasonType: 'job_expired',
      lastUpdatedAt: createdAt,
      completedAt: null,
    })
    expect(stored.failureReason).toContain('60 seconds')
    expect(storedItems(t, job.id).map((i) => i.status)).toEqual([
      'abandoned',
      'abandoned',
      'abandoned',
    ])
    const { data } = await read(await t.get(`/v3/export-jobs/${job.id}`), 200, jobBodySchema)
    expect(data).toMatchObject({
      status: 'expired',
      expiredAt: new Date(createdAt + 60_000).toISOString().replace('.000Z', 'Z'),
    })
    const listed = await read(await t.get('/v3/export-jobs?statuses=expired'), 200, jobListSchema)
    expect(listed.data.map((j) => j.id)).toEqual([job.id])

    const state = stateWithoutJournal(t)
    for (const event of ['started', 'failed', 'completed', 'completed_with_errors']) {
      await expectError(await sendEvent(t, job.id, event), 422, 'INVALID_EXPORT_JOB_STATUS_CHANGE')
    }
    const [item] = storedItems(t, job.id)
    await expectError(
      await t.send('PUT', `/v3/export-jobs/${job.id}/items`, [
        { accountingEntryId: item?.accountingEntryId, status: 'successful' },
      ]),
      422,
      'EXPORT_JOB_STATUS_UNPROCESSABLE',
    )
    await expectError(
      await t.get(`/v3/export-items?job_id=${job.id}`),
      422,
      'EXPORT_JOB_STATUS_UNPROCESSABLE',
    )
    expect(stateWithoutJournal(t)).toEqual(state)
  })

  it('dates expiredAt to the window’s end even when noticed much later', async () => {
    const job = await pressExport(t, { expiresIn: 60 })
    const createdAt = storedJob(t, job.id).createdAt
    await advance(t, 7200)
    expect(storedJob(t, job.id)).toMatchObject({ status: 'expired', expiredAt: createdAt + 60_000 })
  })

  it('expires an in-progress job, keeping the items it reported', async () => {
    const job = await pressExport(t, { expiresIn: 120, numberOfItems: 2 })
    await applyEvent(t, job.id, 'started')
    const [done] = storedItems(t, job.id)
    const reported = await t.send('PUT', `/v3/export-jobs/${job.id}/items`, [
      { accountingEntryId: done?.accountingEntryId, status: 'successful' },
    ])
    expect(reported.status).toBe(200)
    await advance(t, 120)
    expect(storedJob(t, job.id).status).toBe('expired')
    expect(storedItems(t, job.id).map((i) => i.status)).toEqual(['successful', 'abandoned'])
  })

  it('does not refresh lastUpdatedAt on a refused event', async () => {
    const job = await pressExport(t, { expiresIn: 60 })
    const createdAt = storedJob(t, job.id).createdAt
    await advance(t, 50)
    await expectError(
      await sendEvent(t, job.id, 'completed'),
      422,
      'INVALID_EXPORT_JOB_STATUS_CHANGE',
    )
    expect(storedJob(t, job.id).lastUpdatedAt).toBe(createdAt)
    await advance(t, 10)
    expect(storedJob(t, job.id).status).toBe('expired')
  })

  it('never expires a finished job', async () => {
    const job = await pressExport(t, { expiresIn: 60 })
    await applyEvent(t, job.id, 'started')
    await applyEvent(t, job.id, 'completed')
    await advance(t, 3600)
    expect(storedJob(t, job.id)).toMatchObject({ status: 'completed', expiredAt: null })
  })

  it('expires jobs when the clock is set past their window', async () => {
    const job = await pressExport(t, { expiresIn: 60 })
    const target = new Date(now(t) + 61_000).toISOString()
    const response = await t.send('POST', '/_sim/clock/set', { now: target }, {})
    expect(response.status).toBe(200)
    expect(storedJob(t, job.id).status).toBe('expired')
  })

  it('uses each job’s own expiresIn, defaulting to the expiresIn option', async () => {
    using fake = inProcessFake({ expiresIn: 90 })
    const byDefault = await pressExport(fake)
    const custom = await pressExport(fake, { expiresIn: 30 })
    expect([byDefault.expiresIn, custom.expiresIn]).toEqual([90, 30])
    await advance(fake, 30)
    expect([storedJob(fake, byDefault.id).status, storedJob(fake, custom.id).status]).toEqual([
      'pending',
      'expired',
    ])
    await advance(fake, 60)
    expect(storedJob(fake, byDefault.id).status).toBe('expired')
  })
})

describe("expiry with expiredStatus: 'failed'", () => {
  it('reads as failed with failureReasonType job_expired', async () => {
    using t = inProcessFake({ expiredStatus: 'failed' })
    const job = await pressExport(t, { expiresIn: 60, numberOfItems: 2 })
    const createdAt = storedJob(t, job.id).createdAt
    await advance(t, 60)
    expect(storedJob(t, job.id)).toMatchObject({
      status: 'failed',
      failureReasonType: 'job_expired',
      expiredAt: createdAt + 60_000,
    })
    expect(storedItems(t, job.id).map((i) => i.status)).toEqual(['abandoned', 'abandoned'])
    const { data } = await read(await t.get(`/v3/export-jobs/${job.id}`), 200, jobBodySchema)
    expect(data).toMatchObject({ status: 'failed', failureReasonType: 'job_expired' })
    await expectError(
      await sendEvent(t, job.id, 'started'),
      422,
      'INVALID_EXPORT_JOB_STATUS_CHANGE',
    )
  })
})

describe('expiry boundary property', () => {
  it('a job is open exactly while fewer than expiresIn seconds have passed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 7200 }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.boolean(),
        async (expiresIn, fraction, claimFirst) => {
          using t = inProcessFake()
          const job = await pressExport(t, { expiresIn })
          let from = storedJob(t, job.id).lastUpdatedAt
          if (claimFirst) {
            await advance(t, Math.ceil(expiresIn / 2))
            if (now(t) - from < expiresIn * 1000) {
              await applyEvent(t, job.id, 'started')
              from = now(t)
            }
          }
          const elapsed = Math.floor(expiresIn * fraction)
          const target = from + elapsed * 1000
          if (target > now(t)) await advance(t, (target - now(t)) / 1000)
          else expect((await t.get('/v3/export-jobs')).status).toBe(200)
          const stored = storedJob(t, job.id)
          if (now(t) - from < expiresIn * 1000) {
            expect(['pending', 'in_progress']).toContain(stored.status)
            expect(stored.expiredAt).toBeNull()
          } else {
            expect(stored.status).toBe('expired')
            expect(stored.expiredAt).toBe(from + expiresIn * 1000)
          }
        },
      ),
      { numRuns: 60 },
    )
  })
})
