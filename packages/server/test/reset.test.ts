// POST /_sim/reset: after companies, jobs, events, item updates and clock moves, a reset brings
// back the state the server started with — the same companies, keys, jobs, items and entries,
// and the same clock — so keys of companies created since stop working; journal ids keep
// increasing across it, so a poller reading with `after` loses nothing; the journal is not part
// of the baseline (snapshot guard), so requests made before a reset stay in it.
import { describe, expect, it } from 'vitest'
import { inProcessFake } from './helpers.ts'
import {
  advance,
  applyEvent,
  createCompany,
  demoJobs,
  expectError,
  now,
  pressExport,
  read,
  readJournal,
  storedItems,
  type Fake,
} from './support.ts'
import { z } from 'zod'

/** The state tables that make up the fake's world (not the journal, not bookkeeping meta). */
function world(t: Fake) {
  const { companies, api_keys, accounting_entries, export_jobs, export_job_items } =
    t.store.snapshot()
  return { companies, api_keys, accounting_entries, export_jobs, export_job_items }
}

describe('POST /_sim/reset', () => {
  it('returns jobs, companies and the clock to the starting state', async () => {
    using t = inProcessFake()
    const startWorld = world(t)
    const startClock = now(t)
    const [seeded] = await demoJobs(t)
    if (!seeded) throw new Error('no demo job')

    const other = await createCompany(t)
    await pressExport(t, { companyId: other.companyId })
    await applyEvent(t, seeded.id, 'started')
    const [item] = storedItems(t, seeded.id)
    const put = await t.send('PUT', `/v3/export-jobs/${seeded.id}/items`, [
      { accountingEntryId: item?.accountingEntryId, status: 'successful' },
    ])
    expect(put.status).toBe(200)
    await advance(t, 10_000)
    expect(world(t)).not.toEqual(startWorld)
    const lastBefore = (await readJournal(t)).at(-1)?.id ?? 0

    const response = await read(
      await t.send('POST', '/_sim/reset', undefined, {}),
      200,
      z.object({ ok: z.literal(true) }).strict(),
    )
    expect(response.ok).toBe(true)

    expect(world(t)).toEqual(startWorld)
    expect(now(t)).toBe(startClock)
    expect(t.store.getMeta('seed-company')).toBe(t.companyId)
    const jobs = await demoJobs(t)
    expect(jobs.map((j) => j.status)).toEqual(['pending', 'pending', 'pending'])
    await expectError(await t.get('/v3/export-jobs', other.auth), 401, 'UNAUTHORIZED')

    const journal = await readJournal(t, lastBefore)
    expect(journal[0]).toMatchObject({ path: '/_sim/reset', status: 200 })
    expect(journal[0]?.id).toBeGreaterThan(lastBefore)
  })

  it('can be repeated, and the world behaves as new afterwards', async () => {
    using t = inProcessFake()
    const startWorld = world(t)
    for (let round = 0; round < 2; round++) {
      const [job] = await demoJobs(t)
      await applyEvent(t, job?.id ?? '', 'failed')
      expect(
        (
          await t.request('/_sim/reset', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
          })
        ).status,
      ).toBe(200)
      expect(world(t)).toEqual(startWorld)
    }
    const [job] = await demoJobs(t)
    await applyEvent(t, job?.id ?? '', 'started')
  })

  it('snapshot guard: keeps the journal out of the baseline, so a reset leaves it whole', async () => {
    using t = inProcessFake()
    for (let i = 0; i < 20; i++) await t.get(`/v3/export-jobs?limit=${i + 1}`)
    const before = t.store.listJournal(0, 1000)
    const reset = await t.request('/_sim/reset', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    })
    expect(reset.status).toBe(200)
    const after = t.store.listJournal(0, 1000)
    expect(after.slice(0, before.length)).toEqual(before)
    expect(after.at(-1)).toMatchObject({ path: '/_sim/reset', status: 200 })
  })
})
