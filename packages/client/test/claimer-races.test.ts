// The claimer among other integrations: a claim stolen between verify and claim (one `started`,
// a jittered back-off through the injected sleep, then the next job), an in_progress job claimed
// by someone else left alone, and a job that stops being pending before the claim is skipped.
import { describe, expect, it } from 'vitest'
import type { FetchLike } from '../src/index.ts'
import { claimerSetup } from './claimer-support.ts'

describe('claimer races', () => {
  it('loses a stolen claim once, backs off, and takes the next job', async () => {
    let target = ''
    let stealJob: (jobId: string) => Promise<unknown> = async () => undefined
    const wrapFetch =
      (fetch: FetchLike): FetchLike =>
      async (input, init) => {
        const response = await fetch(input, init)
        const url = new URL(String(input))
        const method = init?.method ?? 'GET'
        if (method === 'GET' && target !== '' && url.pathname === `/v3/export-jobs/${target}`) {
          const stolen = target
          target = ''
          await stealJob(stolen)
        }
        return response
      }
    const t = await claimerSetup({ wrapFetch })
    stealJob = t.steal
    const older = await t.createJob({ numberOfItems: 2 })
    await t.advance(5)
    const newer = await t.createJob({ numberOfItems: 2 })
    target = older.id

    const report = await t.claimer().pass()
    expect(report).toMatchObject({ kind: 'completed', jobId: newer.id, lostRaces: [older.id] })

    const attempts = t.events(older.id, 'started')
    expect(attempts).toHaveLength(1)
    expect(attempts[0]?.status).toBe(422)
    expect(t.apiCalls(older.id).filter((entry) => entry.method !== 'GET')).toHaveLength(1)
    expect(t.puts(older.id)).toHaveLength(0)
    expect(t.store.getJob(older.id)?.status).toBe('in_progress')
    expect(t.store.getJob(newer.id)?.status).toBe('completed')
    expect(t.events(newer.id, 'started')).toHaveLength(1)
    expect(t.logs).toContainEqual(
      expect.objectContaining({ level: 'info', message: expect.stringContaining('lost the race') }),
    )
    // One bounded, jittered back-off (random 0.5 over a 250 ms ceiling: 187 ms).
    expect(t.sleeps).toEqual([187])
  })

  it('reports lost-race when the only job is stolen, and never retries it', async () => {
    let target = ''
    let stealJob: (jobId: string) => Promise<unknown> = async () => undefined
    const wrapFetch =
      (fetch: FetchLike): FetchLike =>
      async (input, init) => {
        const response = await fetch(input, init)
        if (target !== '' && new URL(String(input)).pathname === `/v3/export-jobs/${target}`) {
          const stolen = target
          target = ''
          await stealJob(stolen)
        }
        return response
      }
    const t = await claimerSetup({ wrapFetch })
    stealJob = t.steal
    const job = await t.createJob()
    target = job.id
    const claimer = t.claimer()
    expect(await claimer.pass()).toEqual({ kind: 'lost-race', jobId: job.id, lostRaces: [job.id] })
    expect(await claimer.pass()).toEqual({ kind: 'idle', lostRaces: [] })
    expect(t.events(job.id, 'started')).toHaveLength(1)
  })

  it('leaves alone an in_progress job that another integration claimed', async () => {
    const t = await claimerSetup()
    const theirs = await t.createJob()
    await t.steal(theirs.id)
    await t.advance(5)
    const ours = await t.createJob()
    const claimer = t.claimer()
    expect(await claimer.pass()).toMatchObject({ kind: 'completed', jobId: ours.id })
    expect(await claimer.pass()).toMatchObject({ kind: 'idle' })
    expect(t.apiCalls(theirs.id)).toHaveLength(0)
    expect(t.store.getJob(theirs.id)?.status).toBe('in_progress')
  })

  it('never runs two passes at once', async () => {
    const t = await claimerSetup()
    await t.createJob()
    const claimer = t.claimer()
    const first = claimer.pass()
    await expect(claimer.pass()).rejects.toThrow(/already running/)
    expect(await first).toMatchObject({ kind: 'completed' })
  })

  // Regression (found by the race checker, seed 7 with harsh faults): when verifying the oldest
  // job failed with a 5xx, the claimer skipped it and claimed a younger job in the same pass.
  it('does not skip ahead to a younger job when verifying the oldest one fails', async () => {
    let failVerify = ''
    const wrapFetch =
      (fetch: FetchLike): FetchLike =>
      async (input, init) => {
        const path = new URL(String(input)).pathname
        if (failVerify !== '' && path === `/v3/export-jobs/${failVerify}`) {
          return Response.json({ type: 'SERVICE_UNAVAILABLE', message: 'down' }, { status: 503 })
        }
        return fetch(input, init)
      }
    const t = await claimerSetup({ wrapFetch })
    const older = await t.createJob()
    await t.advance(5)
    const newer = await t.createJob()
    failVerify = older.id
    const claimer = t.claimer()
    expect(await claimer.pass()).toMatchObject({ kind: 'error', jobId: older.id })
    expect(t.events(newer.id, 'started')).toHaveLength(0)
    expect(t.store.getJob(newer.id)?.status).toBe('pending')
    failVerify = ''
    expect(await claimer.pass()).toMatchObject({ kind: 'completed', jobId: older.id })
  })
})
