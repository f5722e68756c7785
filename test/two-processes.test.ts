// Two real `fake-pleo serve` processes on one SQLite file: the first seeds the demo company, the
// second finds the database non-empty and serves the same company and API key. Jobs created
// through the first process's control API are then claimed by 50 simultaneous `started` events
// split across both processes; the claim is one conditional write in an immediate transaction,
// so exactly one caller wins per job across both. Checked against the shared journal and the
// job's state as each process serves it. The children are killed in afterAll whatever happens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createControl } from '@fake-pleo/client'
import type { JournalRecord } from '@fake-pleo/contract'
import { basicAuth, killAllCli, startServe, tempDir, type Banner } from './cli-process.ts'

const racers = 50
const jobCount = 5

const temp = tempDir()
const dbFile = `${temp.dir}/shared.db`
let first: Banner
let second: Banner

const control = (banner: Banner) =>
  createControl((path, init) => fetch(new URL(path, banner.url), init))

beforeAll(async () => {
  // One after the other: the second must find the first one's seed.
  first = (await startServe(['--db', dbFile, '--seed', 'demo', '--quiet'])).banner
  second = (await startServe(['--db', dbFile, '--seed', 'demo', '--quiet'])).banner
}, 60_000)

afterAll(async () => {
  await killAllCli()
  temp.remove()
})

async function claim(banner: Banner, jobId: string): Promise<number> {
  const response = await fetch(`${banner.url}/v3/export-job-events`, {
    method: 'POST',
    headers: { authorization: basicAuth(banner.apiKey), 'content-type': 'application/json' },
    body: JSON.stringify({ jobId, event: 'started' }),
  })
  const text = await response.text()
  if (response.status === 422) {
    expect(JSON.parse(text)).toMatchObject({ type: 'INVALID_EXPORT_JOB_STATUS_CHANGE' })
  }
  return response.status
}

async function jobStatus(banner: Banner, jobId: string): Promise<string> {
  const response = await fetch(`${banner.url}/v3/export-jobs/${jobId}`, {
    headers: { authorization: basicAuth(banner.apiKey) },
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as { data: { status: string } }).data.status
}

describe('two server processes sharing one database file', () => {
  it('the second process serves the first one’s seeded company and key', async () => {
    expect(second.url).not.toBe(first.url)
    expect(second.companyId).toBe(first.companyId)
    expect(second.apiKey).toBe(first.apiKey)
    const response = await fetch(`${second.url}/v3/export-jobs`, {
      headers: { authorization: basicAuth(first.apiKey) },
    })
    expect(response.status).toBe(200)
    const listed = (await response.json()) as { data: { id: string }[] }
    // The demo seed ran once: three jobs, not six.
    expect(listed.data).toHaveLength(3)
  })

  it(`${racers} claims per job split across both processes: one winner per job`, async () => {
    const jobs = []
    for (let i = 0; i < jobCount; i++) {
      jobs.push(await control(first).pressExport({ companyId: first.companyId }))
    }
    const journalBefore = (await control(first).journal(0, 1000)).at(-1)?.id ?? 0

    for (const job of jobs) {
      // The second process sees the job the first one created.
      expect(await jobStatus(second, job.id)).toBe('pending')
      const statuses = await Promise.all(
        Array.from({ length: racers }, (_, i) => claim(i % 2 === 0 ? first : second, job.id)),
      )
      expect(
        statuses.filter((s) => s === 202),
        `job ${job.id}: ${statuses.join(',')}`,
      ).toHaveLength(1)
      expect(statuses.filter((s) => s === 422)).toHaveLength(racers - 1)
      expect(await jobStatus(first, job.id)).toBe('in_progress')
      expect(await jobStatus(second, job.id)).toBe('in_progress')
    }

    // Both processes append to the same journal table: every attempt is there, once.
    const journal: JournalRecord[] = []
    for (let page = 0; page < 20; page++) {
      const entries = await control(second).journal(journal.at(-1)?.id ?? journalBefore, 1000)
      journal.push(...entries)
      if (entries.length < 1000) break
    }
    for (const job of jobs) {
      const attempts = journal.filter((e) => e.jobId === job.id && e.event === 'started')
      expect(attempts).toHaveLength(racers)
      expect(attempts.filter((e) => e.status === 202)).toHaveLength(1)
      expect(attempts.filter((e) => e.status === 422)).toHaveLength(racers - 1)
    }
  })
})
