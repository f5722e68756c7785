// The claimer's durability: the file state store (atomic JSON), a crash after the claim resumed by
// a new claimer without a second `started`, a remembered job that ended meanwhile forgotten, the
// keep-alive that refreshes a slow job before it expires (and the expiry when it cannot), and
// 5xx/429 from the fault engine retried by the client.
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createFaultEngine } from '@fake-pleo/server'
import { describe, expect, it } from 'vitest'
import {
  createFakeLedger,
  createFileState,
  createMemoryState,
  type AccountingSystem,
} from '../src/claimer/index.ts'
import { claimerSetup } from './claimer-support.ts'

const tempFile = async () => join(await mkdtemp(join(tmpdir(), 'claimer-')), 'state', 'claim.json')

describe('state stores', () => {
  it('file state saves {jobId} atomically, loads it back and clears it', async () => {
    const path = await tempFile()
    const state = createFileState(path)
    expect(await state.load()).toBeUndefined()
    await state.save('job-1')
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ jobId: 'job-1' })
    expect(await createFileState(path).load()).toBe('job-1')
    expect((await readdir(join(path, '..'))).filter((name) => name.endsWith('.tmp'))).toEqual([])
    await state.clear()
    expect(await state.load()).toBeUndefined()
  })

  it('memory state remembers until cleared', async () => {
    const state = createMemoryState()
    await state.save('job-2')
    expect(await state.load()).toBe('job-2')
    await state.clear()
    expect(await state.load()).toBeUndefined()
  })
})

describe('claimer recovery', () => {
  it('resumes a job claimed before a crash without a second started', async () => {
    const t = await claimerSetup()
    const path = await tempFile()
    const job = await t.createJob({ numberOfItems: 3 })
    let reached: () => void = () => {}
    const reachedLedger = new Promise<void>((resolve) => {
      reached = resolve
    })
    // A ledger that never answers: the first claimer "crashes" while exporting.
    const hanging: AccountingSystem = {
      record: () => {
        reached()
        return new Promise(() => {})
      },
    }
    void t.claimer({ accounting: hanging, state: createFileState(path) }).pass()
    await reachedLedger
    expect(await createFileState(path).load()).toBe(job.id)
    expect(t.store.getJob(job.id)?.status).toBe('in_progress')

    const ledger = createFakeLedger({ sleep: t.sleep })
    const report = await t.claimer({ accounting: ledger, state: createFileState(path) }).pass()
    expect(report).toMatchObject({ kind: 'completed', jobId: job.id, resumed: true, items: 3 })
    expect(t.events(job.id, 'started')).toHaveLength(1)
    expect(t.events(job.id, 'completed')).toHaveLength(1)
    expect(t.items(job.id).every((item) => item.status === 'successful')).toBe(true)
    expect(await createFileState(path).load()).toBeUndefined()
  })

  it('forgets a remembered job that is no longer in progress and moves on', async () => {
    const t = await claimerSetup()
    const old = await t.createJob()
    await t.steal(old.id)
    await t.fake.app.request('/_sim/export-job-events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jobId: old.id, event: 'completed' }),
    })
    const next = await t.createJob()
    const state = createMemoryState(old.id)
    expect(await t.claimer({ state }).pass()).toMatchObject({ kind: 'completed', jobId: next.id })
    expect(t.apiCalls(old.id).filter((entry) => entry.method !== 'GET')).toHaveLength(0)
    expect(await state.load()).toBeUndefined()
  })
})

describe('claimer keep-alive', () => {
  it('refreshes a slow job before it expires and completes it', async () => {
    const t = await claimerSetup()
    const job = await t.createJob({ numberOfItems: 10, expiresIn: 120 })
    // Each entry takes 20 s on the fake's clock: 200 s in all, beyond the 120 s window.
    const ledger = createFakeLedger({ delayMs: 20_000, sleep: (ms) => t.advance(ms / 1000) })
    const state = createMemoryState()
    const report = await t.claimer({ accounting: ledger, state }).pass()
    expect(report).toMatchObject({ kind: 'completed', jobId: job.id, status: 'completed' })
    expect(t.store.getJob(job.id)?.status).toBe('completed')
    const puts = t.puts(job.id)
    expect(puts.length).toBeGreaterThanOrEqual(3)
    expect(puts.every((entry) => entry.status === 200)).toBe(true)
    expect(t.items(job.id).every((item) => item.status === 'successful')).toBe(true)
  })

  it('reports expired and clears the state when the job expires anyway', async () => {
    const t = await claimerSetup()
    const job = await t.createJob({ numberOfItems: 10, expiresIn: 120 })
    const ledger = createFakeLedger({ delayMs: 20_000, sleep: (ms) => t.advance(ms / 1000) })
    const state = createMemoryState()
    // A margin far in the past disables the keep-alive: the one PUT at the end is too late.
    const claimer = t.claimer({ accounting: ledger, state, safetyMarginSeconds: -10_000 })
    expect(await claimer.pass()).toMatchObject({ kind: 'expired', jobId: job.id })
    expect(t.puts(job.id).map((entry) => entry.status)).toEqual([422])
    expect(t.events(job.id, 'completed')).toHaveLength(0)
    expect(await state.load()).toBeUndefined()
    expect(t.store.getJob(job.id)?.status).toBe('expired')
  })
})

describe('claimer under faults', () => {
  it.each([503, 429] as const)(
    'retries PUTs answered %i and still completes the job',
    async (status) => {
      const faults = createFaultEngine()
      const t = await claimerSetup({ faults })
      const job = await t.createJob({ numberOfItems: 3 })
      faults.setRules({
        seed: 's',
        rules: [{ target: 'http', route: 'PUT /v3/export-jobs/*/items', status, count: 2 }],
      })
      const report = await t.claimer().pass()
      expect(report).toMatchObject({ kind: 'completed', jobId: job.id, status: 'completed' })
      // A faulted request never reaches the route, so its journal entry carries no job id.
      const puts = t
        .journal()
        .filter(
          (entry) => entry.method === 'PUT' && entry.path === `/v3/export-jobs/${job.id}/items`,
        )
      expect(puts.map((entry) => entry.status)).toEqual([status, status, 200])
      expect(puts.slice(0, 2).every((entry) => entry.fault !== null)).toBe(true)
      expect(t.events(job.id, 'completed')).toHaveLength(1)
      expect(t.store.getJob(job.id)?.status).toBe('completed')
    },
  )
})
