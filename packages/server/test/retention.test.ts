// The retain option (retention guard): finished jobs with their items and entries, settled webhook
// messages with their delivery attempts, and vendors are trimmed to the most recent N of each;
// open jobs, messages still to send, companies, keys, subscriptions and the journal stay. Without
// the option nothing is trimmed; with it, trimming also happens on its own as requests come in.
import { describe, expect, it } from 'vitest'
import { inProcessFake } from './helpers.ts'
import { advance, applyEvent, pressExport, type Fake } from './support.ts'

const byId = [{ column: 'id', desc: false }]
const accept: typeof fetch = async () => new Response(null, { status: 204 })

async function subscribe(t: Fake) {
  const response = await t.send('POST', '/v1/subscriptions', {
    endpointUrl: 'http://127.0.0.1:9/hooks',
    eventTypes: ['v1.export-job.created', 'v1.vendor.created'],
  })
  expect(response.status).toBe(200)
}

async function createVendor(t: Fake, name: string): Promise<string> {
  const response = await t.send('POST', '/_sim/vendors', { companyId: t.companyId, name }, {})
  expect(response.status).toBe(201)
  return ((await response.json()) as { data: { id: string } }).data.id
}

type Rows = Record<string, Record<string, unknown>[]>
const ids = (rows: Record<string, unknown>[] | undefined, key = 'id') =>
  (rows ?? []).map((row) => row[key])

/** A world with 3 finished jobs, 2 open ones, 7 settled messages, 1 pending, 3 vendors. */
async function longRun(t: Fake) {
  await subscribe(t)
  const exported = [await pressExport(t), await pressExport(t), await pressExport(t)]
  const open = await pressExport(t)
  await applyEvent(t, open.id, 'started')
  const finished: string[] = []
  for (const job of exported) {
    await advance(t, 10)
    await applyEvent(t, job.id, 'failed', { failureReason: 'test' })
    finished.push(job.id)
  }
  const vendors: string[] = []
  for (const name of ['A', 'B', 'C']) {
    await advance(t, 10)
    vendors.push(await createVendor(t, name))
  }
  await t.fake.dispatcher.tick()
  await t.fake.dispatcher.idle()
  const stillQueued = await pressExport(t)
  return { finished, open: open.id, stillQueued: stillQueued.id, vendors }
}

describe('retention guard: retain trims what a long run keeps forever', () => {
  it('removes only the older finished jobs, settled messages and vendors', async () => {
    using t = inProcessFake({ retain: 2, webhookFetch: accept, webhookDelivery: 'off' })
    const run = await longRun(t)
    const before = t.store.snapshot() as Rows
    const settled = (before.outbox ?? []).filter((row) => row.state === 'delivered')
    expect(settled).toHaveLength(7)
    const [oldest] = run.finished
    const oldestEntries = ids(
      before.export_job_items?.filter((item) => item.job_id === oldest),
      'accounting_entry_id',
    )
    expect(oldestEntries.length).toBeGreaterThan(0)

    const trimmed = t.store.trimRetained()

    const after = t.store.snapshot() as Rows
    expect(trimmed).toEqual({ jobs: 1, entries: oldestEntries.length, messages: 5, vendors: 1 })
    expect(ids(after.export_jobs)).toEqual(ids(before.export_jobs).filter((id) => id !== oldest))
    expect(after.export_job_items).toEqual(
      before.export_job_items?.filter((item) => item.job_id !== oldest),
    )
    expect(after.accounting_entries).toEqual(
      before.accounting_entries?.filter((entry) => !oldestEntries.includes(entry.id)),
    )
    const keptMessages = ids(settled.slice(-2))
    const pending = ids(before.outbox?.filter((row) => row.state === 'pending'))
    expect(pending).toHaveLength(1)
    expect(ids(after.outbox)).toEqual([...keptMessages, ...pending])
    expect(after.deliveries).toEqual(
      before.deliveries?.filter((d) => keptMessages.includes(d.outbox_id)),
    )
    expect(ids(after.vendors)).toEqual(run.vendors.slice(1))
    for (const table of ['companies', 'api_keys', 'subscriptions', 'journal', 'meta']) {
      expect(after[table], table).toEqual(before[table])
    }
    expect(t.store.getJob(run.open)?.status).toBe('in_progress')
    expect(t.store.getJob(run.stillQueued)?.status).toBe('pending')
  })

  it('keeps everything without the option', async () => {
    using t = inProcessFake({ webhookFetch: accept, webhookDelivery: 'off' })
    await longRun(t)
    const before = t.store.snapshot()
    expect(t.store.trimRetained()).toBeUndefined()
    expect(t.store.snapshot()).toEqual(before)
  })

  it('trims on its own as requests come in', async () => {
    using t = inProcessFake({ retain: 0 })
    const list = () => t.store.listJobs({ companyId: t.companyId }, { limit: 10, sort: byId })
    const [job] = list().rows
    if (!job) throw new Error('no demo job')
    await applyEvent(t, job.id, 'failed', { failureReason: 'test' })
    for (let i = 0; i < 1000; i++) await t.get('/_sim/health', {})
    expect(t.store.getJob(job.id)).toBeUndefined()
    expect(list().total).toBe(2)
  })
})
