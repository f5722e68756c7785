// Every answer that carries an accounting entry stays byte for byte what it was before entries
// were stored compactly (decision 0025: the store keeps an entry's origin — company, id, date,
// vendor-based bookkeeping — and generates its body when it is read). A seeded fake on a fixed
// manual clock presses Export, creates jobs from given ids (known to the company, unknown, and
// another company's), and every body that shows an entry is hashed: the export items (v3 by job
// and the company's whole list, v2 by job), each entry's web and mobile page, the receipts of the
// last five open jobs and the job view's entries. The expected digest was computed by this test
// on the code from before the change (commits 882ce89 and 1323f08, entries stored as full JSON
// rows) and written here as a fixed value: never update it to make the test pass. The same
// answers also survive a snapshot and restore, a reset to the baseline and a restart on the same
// database file.
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { seededIds } from '../src/ids.ts'
import { inProcessFake } from './helpers.ts'
import {
  advance,
  createCompany,
  demoJobs,
  pressExport,
  read,
  storedItems,
  type Fake,
} from './support.ts'
import { z } from 'zod'

/** sha256 of every answer below, from the code before entries were stored compactly. */
const digestBefore = 'b28d9da03ca32fc0af2bde86eaae1551f66eaa53b68287c2244b40182c9bf1e2'

/** The real time behind the manual clock: fixed, so every date in the answers is too. */
const realNow = () => Date.UTC(2026, 5, 1, 8, 30, 0)
/** Seeded ids (a fresh generator per fake, so a restarted one does not repeat the first's). */
const fake = (options: { db?: string; ids?: string } = {}) =>
  inProcessFake({ realNow, ids: seededIds(options.ids ?? 'entries'), db: options.db })

const jobSchema = z.object({ data: z.object({ id: z.string() }) })
const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A fixed receipt-link key, so signed file URLs are the same on every run. */
function fixReceiptKey(t: Fake) {
  t.store.setMeta('receipt-link-key', 'accounting-entries-unchanged-test-key')
}

type World = {
  jobs: { id: string; auth: Record<string, string>; open: boolean }[]
  entryIds: string[]
}

/** The demo seed's jobs (made at start, so part of the reset baseline). */
async function seededWorld(t: Fake): Promise<World> {
  fixReceiptKey(t)
  const jobs = (await demoJobs(t)).map((job) => ({
    id: job.id,
    auth: t.auth,
    open: job.status === 'pending' || job.status === 'in_progress',
  }))
  return { jobs, entryIds: entriesOf(t, jobs) }
}

function entriesOf(t: Fake, jobs: World['jobs']): string[] {
  return [...new Set(jobs.flatMap((j) => storedItems(t, j.id).map((i) => i.accountingEntryId)))]
}

/** Jobs of two companies covering every way an entry is made or reused. */
async function buildWorld(t: Fake): Promise<World> {
  const jobs = (await seededWorld(t)).jobs
  const other = await createCompany(t, { name: 'Other ApS' })
  const ours = t.auth
  const push = (id: string, auth: Record<string, string>) => jobs.push({ id, auth, open: true })
  push((await pressExport(t, { numberOfItems: 5 })).id, ours)
  await advance(t, 90)
  const vendorBased = await pressExport(t, { numberOfItems: 5, vendorBasedBookkeeping: true })
  push(vendorBased.id, ours)
  const theirs = await pressExport(t, { companyId: other.companyId, numberOfItems: 4 })
  push(theirs.id, other.auth)
  await advance(t, 150)
  const known = storedItems(t, vendorBased.id).map((i) => i.accountingEntryId)
  const foreign = storedItems(t, theirs.id).map((i) => i.accountingEntryId)
  const unknown = ['3f2b8a61-0c4d-4e7a-9b15-6d8e2f1a7c90', '9a0e4c7d-5b1f-4a38-8e62-1d3c7b9f0a45']
  const given = await read(
    await t.send('POST', '/v3/export-jobs', {
      companyId: t.companyId,
      accountingEntryIds: [known[1], foreign[0], unknown[0], known[3], foreign[2], unknown[1]],
      options: { vendorBasedBookkeeping: false },
    }),
    201,
    jobSchema,
  )
  push(given.data.id, ours)
  const theirsAgain = await read(
    await t.send(
      'POST',
      '/v3/export-jobs',
      {
        companyId: other.companyId,
        accountingEntryIds: [foreign[1], known[0], unknown[1]],
        options: { vendorBasedBookkeeping: true },
      },
      other.auth,
    ),
    201,
    jobSchema,
  )
  push(theirsAgain.data.id, other.auth)
  return { jobs, entryIds: entriesOf(t, jobs) }
}

/** The hash of every answer that shows an entry, in a fixed order. */
async function digestOf(t: Fake, world: World): Promise<string> {
  const hash = createHash('sha256')
  const add = async (response: Response) => {
    expect(response.status).toBe(200)
    hash.update(`${response.headers.get('content-type')}\n`)
    hash.update(new Uint8Array(await response.arrayBuffer()))
  }
  for (const job of world.jobs) {
    if (job.open) {
      await add(await t.get(`/v3/export-items?job_id=${job.id}&limit=100`, job.auth))
      await add(await t.get(`/v2/export-items?job_id=${job.id}`, job.auth))
    }
    const view = (await (await t.get(`/_sim/export-jobs/${job.id}`, {})).json()) as {
      data: { entries: unknown[] }
    }
    hash.update(JSON.stringify(view.data.entries))
  }
  await add(await t.get('/v3/export-items?limit=100'))
  for (const id of world.entryIds) {
    await add(await t.get(`/_sim/export-items/${id}`, {}))
    await add(await t.get(`/_sim/export-items/${id}?view=mobile`, {}))
  }
  const open = world.jobs.filter((job) => job.open)
  for (const job of open.slice(-5)) {
    const items = (await (
      await t.get(`/v3/export-items?job_id=${job.id}&limit=100`, job.auth)
    ).json()) as { data: { files: { url: string }[] }[] }
    for (const item of items.data) {
      for (const file of item.files) await add(await t.request(file.url))
    }
  }
  return hash.digest('hex')
}

describe('accounting entries answer as before', () => {
  it('the same seed gives the same bytes in every answer that shows an entry', async () => {
    using t = fake()
    const world = await buildWorld(t)
    expect(world.entryIds.length).toBeGreaterThanOrEqual(17)
    expect(await digestOf(t, world)).toBe(digestBefore)
  })

  it('…after a snapshot is restored', async () => {
    using t = fake()
    const empty = t.store.snapshot()
    const world = await buildWorld(t)
    const first = await digestOf(t, world)
    const full = t.store.snapshot()
    t.store.restore(empty)
    t.store.restore(full)
    expect(await digestOf(t, world)).toBe(first)
  })

  it("…after a reset to the baseline (the seed's jobs)", async () => {
    using t = fake()
    const seeded = await seededWorld(t)
    expect(seeded.entryIds.length).toBeGreaterThan(0)
    const first = await digestOf(t, seeded)
    await buildWorld(t)
    expect((await t.send('POST', '/_sim/reset', {}, {})).status).toBe(200)
    fixReceiptKey(t)
    expect(await digestOf(t, seeded)).toBe(first)
  })

  it('…after a restart on the same database file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-pleo-entries-'))
    dirs.push(dir)
    const db = join(dir, 'state.db')
    let world: World
    let first: string
    {
      using t = fake({ db })
      world = await buildWorld(t)
      first = await digestOf(t, world)
    }
    using t = fake({ db, ids: 'entries-restarted' })
    expect(await digestOf(t, world)).toBe(first)
  })
})
