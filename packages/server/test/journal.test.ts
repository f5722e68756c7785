// GET /_sim/journal: every answered request is recorded, oldest first, with method, path, raw
// query, status, the company, job and event it concerned and the virtual time, failures
// included; reads of the journal itself are not recorded; `after` and `limit` page it, and bad
// values for them are 400s; a long path or query is stored cut and marked (journal-size guard).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inProcessFake } from './helpers.ts'
import {
  advance,
  expectError,
  pressExport,
  readJournal,
  sendEvent,
  unknownId,
  type Fake,
} from './support.ts'

describe('GET /_sim/journal', () => {
  let t: Fake
  afterEach(() => t.close())
  beforeEach(() => {
    t = inProcessFake()
  })

  it('records every request with what it concerned', async () => {
    const job = await pressExport(t)
    const at = await advance(t, 10)
    await t.get('/v3/export-jobs?statuses=pending&limit=2')
    await sendEvent(t, job.id, 'started')
    await sendEvent(t, job.id, 'started')
    await t.get(`/v3/export-jobs/${unknownId}`)
    await t.get('/v3/export-jobs', {})
    await t.get('/nowhere')

    const entries = await readJournal(t)
    const view = entries.map(({ method, path, query, status, companyId, jobId, event }) => ({
      method,
      path,
      query,
      status,
      companyId,
      jobId,
      event,
    }))
    const none = { companyId: null, jobId: null, event: null }
    expect(view).toEqual([
      {
        method: 'POST',
        path: '/_sim/export-jobs',
        query: '',
        status: 201,
        ...none,
        companyId: t.companyId,
        jobId: job.id,
      },
      { method: 'POST', path: '/_sim/clock/advance', query: '', status: 200, ...none },
      {
        method: 'GET',
        path: '/v3/export-jobs',
        query: 'statuses=pending&limit=2',
        status: 200,
        ...none,
        companyId: t.companyId,
      },
      {
        method: 'POST',
        path: '/v3/export-job-events',
        query: '',
        status: 202,
        companyId: t.companyId,
        jobId: job.id,
        event: 'started',
      },
      {
        method: 'POST',
        path: '/v3/export-job-events',
        query: '',
        status: 422,
        companyId: t.companyId,
        jobId: job.id,
        event: 'started',
      },
      {
        method: 'GET',
        path: `/v3/export-jobs/${unknownId}`,
        query: '',
        status: 404,
        ...none,
        companyId: t.companyId,
        jobId: unknownId,
      },
      { method: 'GET', path: '/v3/export-jobs', query: '', status: 401, ...none },
      { method: 'GET', path: '/nowhere', query: '', status: 404, ...none },
    ])
    expect(entries[0]?.at).toBe(new Date(at - 10_000).toISOString())
    expect(entries.slice(1).every((e) => e.at === new Date(at).toISOString())).toBe(true)
    const ids = entries.map((e) => e.id)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('does not record reads of the journal', async () => {
    await t.get('/_sim/health')
    await readJournal(t)
    await readJournal(t)
    const entries = await readJournal(t)
    expect(entries.map((e) => e.path)).toEqual(['/_sim/health'])
  })

  it('pages with after and limit', async () => {
    for (let i = 0; i < 5; i++) await t.get(`/_sim/health?n=${i}`)
    const all = await readJournal(t)
    expect(all.map((e) => e.query)).toEqual(['n=0', 'n=1', 'n=2', 'n=3', 'n=4'])
    const second = all[1]?.id ?? 0
    const page = (await (await t.get(`/_sim/journal?after=${second}&limit=2`)).json()) as {
      data: { query: string }[]
    }
    expect(page.data.map((e) => e.query)).toEqual(['n=2', 'n=3'])
    expect(await readJournal(t, all.at(-1)?.id)).toEqual([])
  })

  it('refuses a bad after or limit', async () => {
    for (const query of ['after=-1', 'after=abc', 'limit=0', 'limit=1001', 'limit=x']) {
      await expectError(await t.get(`/_sim/journal?${query}`), 400, 'BAD_REQUEST')
    }
  })

  it('journal-size guard: stores a long path and query cut at 2 KB and marked as truncated', async () => {
    const query = `statuses=pending&x=${'a'.repeat(15_000)}`
    const path = `/v3/export-jobs/${'b'.repeat(5000)}`
    await t.get(`/v3/export-jobs?${query}`)
    await t.get(path)
    const [long, deep] = (await readJournal(t)).slice(-2)
    expect(long?.query).toBe(`${query.slice(0, 2048)}…[truncated, ${query.length} chars]`)
    expect(long?.path).toBe('/v3/export-jobs')
    expect(deep?.path).toBe(`${path.slice(0, 2048)}…[truncated, ${path.length} chars]`)
    const stored = t.store.listJournal(0, 1000).slice(-2)
    for (const entry of stored) expect(entry.path.length + entry.query.length).toBeLessThan(2200)
  })
})
