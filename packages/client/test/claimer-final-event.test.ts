// Regression: the claimer cleared its saved state before it knew its final event was accepted, so
// a network failure on `completed` made it forget a job it still held, and the job expired. The
// state is now kept until the final event gets its 202 (or a 422 that proves the job ended), and
// the next pass, in this claimer or in one restarted with the same state, sends it again.
import { describe, expect, it } from 'vitest'
import { createMemoryState } from '../src/claimer/index.ts'
import type { FetchLike } from '../src/index.ts'
import { claimerSetup } from './claimer-support.ts'

/** Is this request a final event (`completed`, `completed_with_errors`, `failed`)? */
const isFinal = (init: RequestInit | undefined) =>
  init?.method === 'POST' &&
  typeof init.body === 'string' &&
  /"event":"(completed|completed_with_errors|failed)"/.test(init.body)

/** A network that fails every final event while `down` is true, before it reaches the fake. */
function flakyNetwork() {
  const network = { down: true, dropped: 0 }
  const wrap =
    (fetch: FetchLike): FetchLike =>
    async (input, init) => {
      if (network.down && isFinal(init)) {
        network.dropped += 1
        throw new TypeError('fetch failed: connection reset')
      }
      return fetch(input, init)
    }
  return { network, wrap }
}

describe('claimer final event', () => {
  it('claimer forgot a job whose completed event failed on the network: it keeps it and completes it after a restart', async () => {
    const { network, wrap } = flakyNetwork()
    const t = await claimerSetup({ wrapFetch: wrap })
    const job = await t.createJob({ numberOfItems: 2, expiresIn: 600 })
    const state = createMemoryState()

    const first = await t.claimer({ state }).pass()
    expect(first).toMatchObject({ kind: 'error', jobId: job.id })
    expect(network.dropped).toBeGreaterThan(0)
    expect(await state.load()).toBe(job.id)
    expect(t.store.getJob(job.id)?.status).toBe('in_progress')
    expect(t.events(job.id, 'completed')).toHaveLength(0)

    network.down = false
    await t.advance(60)
    const restarted = await t.claimer({ state }).pass()
    expect(restarted).toMatchObject({ kind: 'completed', jobId: job.id, resumed: true })
    expect(await state.load()).toBeUndefined()
    expect(t.events(job.id, 'started').map((entry) => entry.status)).toEqual([202])
    expect(t.events(job.id, 'completed').map((entry) => entry.status)).toEqual([202])
    // The items were reported once: the resumed pass only sent the final event again.
    expect(t.puts(job.id)).toHaveLength(1)
    await t.advance(3600)
    expect(t.store.getJob(job.id)?.status).toBe('completed')
  })

  it('claimer forgot a job whose completed event failed on the network: the same claimer sends it again on its next pass', async () => {
    const { network, wrap } = flakyNetwork()
    const t = await claimerSetup({ wrapFetch: wrap })
    const job = await t.createJob({ numberOfItems: 1 })
    const claimer = t.claimer()
    expect(await claimer.pass()).toMatchObject({ kind: 'error', jobId: job.id })
    network.down = false
    expect(await claimer.pass()).toMatchObject({ kind: 'completed', jobId: job.id })
    expect(t.events(job.id, 'completed').map((entry) => entry.status)).toEqual([202])
    expect(t.store.getJob(job.id)?.status).toBe('completed')
  })

  it('claimer reported an error when its completed event landed but the answer was lost: the 422 on the retry proves it ended', async () => {
    let lost = 0
    const t = await claimerSetup({
      wrapFetch: (fetch) => async (input, init) => {
        const response = await fetch(input, init)
        if (isFinal(init) && lost === 0) {
          lost += 1
          throw new TypeError('fetch failed: the answer was lost')
        }
        return response
      },
    })
    const job = await t.createJob({ numberOfItems: 1 })
    const state = createMemoryState()
    expect(await t.claimer({ state }).pass()).toMatchObject({ kind: 'completed', jobId: job.id })
    expect(await state.load()).toBeUndefined()
    expect(t.events(job.id, 'completed').map((entry) => entry.status)).toEqual([202, 422])
    expect(t.store.getJob(job.id)?.status).toBe('completed')
  })

  it('a 422 on the final event of a job that expired meanwhile clears the state', async () => {
    const t = await claimerSetup({
      wrapFetch: (fetch) => async (input, init) => {
        if (isFinal(init)) await t.advance(700)
        return fetch(input, init)
      },
    })
    const job = await t.createJob({ numberOfItems: 1, expiresIn: 600 })
    const state = createMemoryState()
    expect(await t.claimer({ state }).pass()).toMatchObject({ kind: 'expired', jobId: job.id })
    expect(await state.load()).toBeUndefined()
    expect(t.events(job.id, 'completed').map((entry) => entry.status)).toEqual([422])
    expect(t.store.getJob(job.id)?.status).toBe('expired')
  })
})
