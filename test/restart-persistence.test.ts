// State survives a restart of the real `fake-pleo serve --db FILE` process. With a manual clock,
// a job is claimed, its items are updated, a job is pressed, the clock is advanced until a seeded
// job expires; after SIGTERM (exit code 0) a new process on the same file serves exactly the same
// GET responses: jobs, statuses, items and clock time. The kill -9 variant crashes the process
// right after a run of acknowledged writes (201/202/200) and checks that every one of them is
// there after the restart: an acknowledged write is a committed write.
import { afterAll, describe, expect, it } from 'vitest'
import { basicAuth, killAllCli, startServe, tempDir, type Banner } from './cli-process.ts'

const temp = tempDir()
afterAll(async () => {
  await killAllCli()
  temp.remove()
})

type Job = { id: string; status: string; createdAt: string; lastUpdatedAt: string }
type Item = { accountingEntryId: string; status: string; externalId: string | null }

/** A small client for one running server. */
function client(banner: Banner, apiKey = banner.apiKey) {
  const send = async (method: string, path: string, body?: unknown, auth = true) => {
    const headers: Record<string, string> = {}
    if (auth) headers.authorization = basicAuth(apiKey)
    if (body !== undefined) headers['content-type'] = 'application/json'
    const response = await fetch(`${banner.url}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    const text = await response.text()
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined }
  }
  const ok = async <T>(method: string, path: string, expected: number, body?: unknown) => {
    const auth = !path.startsWith('/_sim')
    const response = await send(method, path, body, auth)
    expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBe(expected)
    return response.body as T
  }
  return {
    send,
    get: <T>(path: string) => ok<T>('GET', path, 200),
    post: <T>(path: string, body: unknown, expected: number) => ok<T>('POST', path, expected, body),
    put: <T>(path: string, body: unknown) => ok<T>('PUT', path, 200, body),
  }
}

/** Every GET that shows the state: clock, job list, each job and each job's items. */
async function observe(banner: Banner) {
  const api = client(banner)
  const clock = await api.get<{ data: { nowMs: number; now: string; mode: string } }>('/_sim/clock')
  const list = await api.get<{ data: Job[] }>('/v3/export-jobs?limit=100')
  const jobs: Record<string, unknown> = {}
  const items: Record<string, unknown> = {}
  for (const job of list.data) {
    jobs[job.id] = await api.get(`/v3/export-jobs/${job.id}`)
    items[job.id] = await api.get(`/v3/export-jobs/${job.id}/items?limit=100`)
  }
  return { clock, list, jobs, items }
}

const serveArgs = (db: string) => ['--db', db, '--clock', 'manual', '--seed', 'demo', '--quiet']

describe('restarting on the same database file', () => {
  it('after SIGTERM the same jobs, statuses, items and clock time are served', async () => {
    const db = `${temp.dir}/graceful.db`
    const one = await startServe(serveArgs(db))
    const api = client(one.banner)

    const byAge = await api.get<{ data: Job[] }>(
      '/v3/export-jobs?sorting_keys=createdAt&sorting_order=DESC',
    )
    const [newest, , oldest] = byAge.data
    if (!newest || !oldest) throw new Error('the demo seed has three jobs')

    await api.post('/v3/export-job-events', { jobId: newest.id, event: 'started' }, 202)
    const { data: jobItems } = await api.get<{ data: Item[] }>(`/v3/export-jobs/${newest.id}/items`)
    const [done, broken] = jobItems
    if (!done || !broken) throw new Error('the newest demo job has several items')
    await api.put(`/v3/export-jobs/${newest.id}/items`, [
      {
        accountingEntryId: done.accountingEntryId,
        status: 'successful',
        exportedAt: '2024-05-01T10:00:00Z',
        externalId: 'ERP-1',
        externalUrl: 'https://erp.example/1',
      },
      {
        accountingEntryId: broken.accountingEntryId,
        status: 'failed',
        failureReason: 'rejected by the ERP',
        failureReasonType: 'unexpected_failure',
      },
    ])
    const pressed = await api.post<{ data: Job }>(
      '/_sim/export-jobs',
      { companyId: one.banner.companyId, numberOfItems: 2 },
      201,
    )
    // 2600 s: the oldest demo job (30% of a 3600 s window old) expires, the others do not.
    await api.post('/_sim/clock/advance', { seconds: 2600 }, 200)

    const before = await observe(one.banner)
    const statusOf = (state: typeof before, id: string) =>
      state.list.data.find((job) => job.id === id)?.status
    expect(statusOf(before, newest.id)).toBe('in_progress')
    expect(statusOf(before, oldest.id)).toBe('expired')
    expect(statusOf(before, pressed.data.id)).toBe('pending')
    expect(before.list.data).toHaveLength(4)
    expect(JSON.stringify(before.items[newest.id])).toContain('ERP-1')
    expect(before.clock.data.mode).toBe('manual')

    expect(await one.cli.stop('SIGTERM')).toEqual({ code: 0, signal: null })
    expect(one.cli.stdout).toContain('SIGTERM received')

    const two = await startServe(serveArgs(db))
    try {
      expect(two.banner.companyId).toBe(one.banner.companyId)
      expect(two.banner.apiKey).toBe(one.banner.apiKey)
      expect(await observe(two.banner)).toEqual(before)
      // The claim itself survived, not only its reading: a second claim is refused.
      const again = await client(two.banner).send('POST', '/v3/export-job-events', {
        jobId: newest.id,
        event: 'started',
      })
      expect(again.status).toBe(422)
      // And the journal of the first run is still there.
      const journal = await client(two.banner).get<{ data: { jobId: string; status: number }[] }>(
        '/_sim/journal?limit=1000',
      )
      expect(journal.data).toContainEqual(
        expect.objectContaining({ jobId: newest.id, event: 'started', status: 202 }),
      )
    } finally {
      expect(await two.cli.stop('SIGTERM')).toEqual({ code: 0, signal: null })
    }
  })

  it('after kill -9 every acknowledged write is there', async () => {
    const db = `${temp.dir}/crash.db`
    const one = await startServe(serveArgs(db))
    const api = client(one.banner)

    // A second company with its own key and a job created through the public API.
    const company = await api.post<{ data: { company: { id: string }; apiKey: string } }>(
      '/_sim/companies',
      { name: 'Crash Test ApS' },
      201,
    )
    const other = client(one.banner, company.data.apiKey)
    const created = await other.post<{ data: Job }>(
      '/v3/export-jobs',
      { companyId: company.data.company.id, accountingEntryIds: [crypto.randomUUID()] },
      201,
    )

    // Ten pressed jobs: each claimed and its items marked; every other one completed.
    const expected = new Map<string, { status: string; items: string[] }>()
    for (let i = 0; i < 10; i++) {
      const { data: job } = await api.post<{ data: Job }>(
        '/_sim/export-jobs',
        { companyId: one.banner.companyId, numberOfItems: 2 },
        201,
      )
      await api.post('/v3/export-job-events', { jobId: job.id, event: 'started' }, 202)
      const { data: items } = await api.get<{ data: Item[] }>(`/v3/export-jobs/${job.id}/items`)
      await api.put(
        `/v3/export-jobs/${job.id}/items`,
        items.map((item) => ({
          accountingEntryId: item.accountingEntryId,
          status: 'successful',
          externalId: `ERP-${i}-${item.accountingEntryId.slice(0, 8)}`,
        })),
      )
      if (i % 2 === 0) {
        await api.post('/v3/export-job-events', { jobId: job.id, event: 'completed' }, 202)
      }
      expected.set(job.id, {
        status: i % 2 === 0 ? 'completed' : 'in_progress',
        items: items.map((item) => `ERP-${i}-${item.accountingEntryId.slice(0, 8)}`).sort(),
      })
    }
    const clock = await api.post<{ data: { nowMs: number } }>(
      '/_sim/clock/advance',
      { seconds: 90 },
      200,
    )

    // The last write was acknowledged; crash at once.
    expect(await one.cli.crash()).toEqual({ code: null, signal: 'SIGKILL' })

    const two = await startServe(serveArgs(db))
    try {
      const after = client(two.banner)
      for (const [id, want] of expected) {
        const { data: job } = await after.get<{ data: Job }>(`/v3/export-jobs/${id}`)
        expect(job.status, id).toBe(want.status)
        const { data: items } = await after.get<{ data: Item[] }>(`/v3/export-jobs/${id}/items`)
        expect(items.map((item) => item.status)).toEqual(['successful', 'successful'])
        expect(items.map((item) => item.externalId).sort()).toEqual(want.items)
      }
      const { data: otherJob } = await client(two.banner, company.data.apiKey).get<{ data: Job }>(
        `/v3/export-jobs/${created.data.id}`,
      )
      expect(otherJob.status).toBe('pending')
      const now = await after.get<{ data: { nowMs: number } }>('/_sim/clock')
      expect(now.data.nowMs).toBe(clock.data.nowMs)
    } finally {
      expect(await two.cli.stop('SIGTERM')).toEqual({ code: 0, signal: null })
    }
  })
})
