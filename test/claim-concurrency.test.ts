// Claims under real concurrency, over real HTTP: an in-process server on a port (startFakePleo)
// gets 50 simultaneous `started` events for one pending job. Exactly one caller may win (202);
// the other 49 get 422 INVALID_EXPORT_JOB_STATUS_CHANGE. Checked on several jobs, also with the
// control API stealing claims in the same race, against what the fake recorded (its journal)
// and what it serves (GET shows the job in_progress). The `unsafeClaims` demo mode is the
// counter-test: its check-then-act claim lets several callers win the same job.
import { describe, expect, it } from 'vitest'
import type { JournalRecord } from '@fake-pleo/contract'
import { startFakePleo, type RunningFakePleo } from './support/start-fake-pleo.ts'
import { basicAuth } from './cli-process.ts'

const racers = 50

type Sim = RunningFakePleo & { apiKey: string; companyId: string }

/** POST /v3/export-job-events {jobId, event: started}; resolves to status and parsed body. */
async function claim(sim: Sim, jobId: string): Promise<{ status: number; body: unknown }> {
  const response = await sim.fetch('/v3/export-job-events', {
    method: 'POST',
    headers: { authorization: basicAuth(sim.apiKey), 'content-type': 'application/json' },
    body: JSON.stringify({ jobId, event: 'started' }),
  })
  const text = await response.text()
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined }
}

async function getJob(sim: Sim, jobId: string) {
  const response = await sim.fetch(`/v3/export-jobs/${jobId}`, {
    headers: { authorization: basicAuth(sim.apiKey) },
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as { data: { status: string; startedAt: string | null } }).data
}

/** Every journal entry, paging through the control API. */
async function wholeJournal(sim: Sim): Promise<JournalRecord[]> {
  const all: JournalRecord[] = []
  for (let page = 0; page < 100; page++) {
    const entries = await sim.control.journal(all.at(-1)?.id ?? 0, 1000)
    all.push(...entries)
    if (entries.length < 1000) return all
  }
  throw new Error('journal longer than 100 pages')
}

const startedEntries = (journal: JournalRecord[], jobId: string) =>
  journal.filter((entry) => entry.jobId === jobId && entry.event === 'started')

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length

describe('concurrent claims on one job', () => {
  it(`${racers} simultaneous 'started' on each of 5 jobs: exactly one 202 per job`, async () => {
    await using sim = await startFakePleo({ clock: 'manual' })
    const jobs = []
    for (let i = 0; i < 5; i++)
      jobs.push(await sim.control.pressExport({ companyId: sim.companyId }))

    for (const job of jobs) {
      expect(job.status).toBe('pending')
      const results = await Promise.all(Array.from({ length: racers }, () => claim(sim, job.id)))
      const statuses = results.map((r) => r.status)
      expect(count(statuses, 202), `job ${job.id}: ${statuses.join(',')}`).toBe(1)
      expect(count(statuses, 422)).toBe(racers - 1)
      for (const loser of results.filter((r) => r.status === 422)) {
        expect(loser.body).toMatchObject({ type: 'INVALID_EXPORT_JOB_STATUS_CHANGE' })
      }

      const fetched = await getJob(sim, job.id)
      expect(fetched.status).toBe('in_progress')
      expect(fetched.startedAt).not.toBeNull()
    }

    const journal = await wholeJournal(sim)
    for (const job of jobs) {
      const entries = startedEntries(journal, job.id)
      expect(entries).toHaveLength(racers)
      expect(entries.every((e) => e.method === 'POST' && e.path === '/v3/export-job-events')).toBe(
        true,
      )
      expect(entries.filter((e) => e.status === 202)).toHaveLength(1)
      expect(entries.filter((e) => e.status === 422)).toHaveLength(racers - 1)
      expect(entries.every((e) => e.companyId === sim.companyId)).toBe(true)
    }
  })

  it('all jobs raced at once, half the callers stealing through the control API', async () => {
    await using sim = await startFakePleo({ clock: 'manual' })
    const jobs = []
    for (let i = 0; i < 4; i++)
      jobs.push(await sim.control.pressExport({ companyId: sim.companyId }))

    const races = jobs.map((job) =>
      Promise.all(
        Array.from({ length: racers }, (_, i) =>
          i % 2 === 0
            ? claim(sim, job.id).then((r) => r.status)
            : sim.control.sendEvent({ jobId: job.id, event: 'started' }),
        ),
      ),
    )
    const outcomes = await Promise.all(races)

    const journal = await wholeJournal(sim)
    for (const [i, job] of jobs.entries()) {
      const statuses = outcomes[i] ?? []
      expect(count(statuses, 202), `job ${job.id}: ${statuses.join(',')}`).toBe(1)
      expect(count(statuses, 422)).toBe(racers - 1)
      const entries = startedEntries(journal, job.id)
      expect(entries).toHaveLength(racers)
      expect(entries.filter((e) => e.status === 202)).toHaveLength(1)
      expect((await getJob(sim, job.id)).status).toBe('in_progress')
    }
  })

  it('the seeded demo jobs race the same way', async () => {
    await using sim = await startFakePleo({ clock: 'manual' })
    const seeded = sim.deps.store.listJobs(
      { companyId: sim.companyId },
      { limit: 100, sort: [{ column: 'id', desc: false }] },
    ).rows
    expect(seeded).toHaveLength(3)
    for (const job of seeded) {
      const statuses = (
        await Promise.all(Array.from({ length: racers }, () => claim(sim, job.id)))
      ).map((r) => r.status)
      expect(count(statuses, 202)).toBe(1)
      expect(count(statuses, 422)).toBe(racers - 1)
      expect(sim.deps.store.getJob(job.id)?.status).toBe('in_progress')
    }
  })
})

describe('unsafeClaims (demo mode)', () => {
  it('lets more than one caller win the same job', async () => {
    await using sim = await startFakePleo({ clock: 'manual', unsafeClaims: true })
    const contenders = 20
    const winnersPerJob: number[] = []
    const jobIds: string[] = []
    for (let i = 0; i < 5; i++) {
      const job = await sim.control.pressExport({ companyId: sim.companyId })
      jobIds.push(job.id)
      const statuses = (
        await Promise.all(Array.from({ length: contenders }, () => claim(sim, job.id)))
      ).map((r) => r.status)
      winnersPerJob.push(count(statuses, 202))
      // Whoever won, the job ends up claimed.
      expect((await getJob(sim, job.id)).status).toBe('in_progress')
    }
    expect(
      Math.max(...winnersPerJob),
      `winners per job: ${winnersPerJob.join(',')}`,
    ).toBeGreaterThan(1)

    // The journal recorded the double wins too.
    const journal = await wholeJournal(sim)
    const recordedWins = jobIds.map(
      (id) => startedEntries(journal, id).filter((e) => e.status === 202).length,
    )
    expect(recordedWins).toEqual(winnersPerJob)
  })
})
