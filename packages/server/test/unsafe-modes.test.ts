// The unsafe modes, each a deliberately broken rule: the same requests a safe fake refuses (422 on
// an ended job, 413 beyond 100 items, expiry) are accepted once the mode is on, and the store shows
// the damage. Switching the option on a running fake takes effect at the next request.
import { describe, expect, it } from 'vitest'
import { parseUnsafeModes, type UnsafeMode } from '@fake-pleo/contract'
import { inProcessFake } from './helpers.ts'
import {
  advance,
  applyEvent,
  pressExport,
  sendEvent,
  storedItems,
  storedJob,
  unknownId,
  type Fake,
} from './support.ts'

const fakeWith = (...unsafe: UnsafeMode[]) => inProcessFake({ seed: 'empty', unsafe })

async function finishedJob(t: Fake) {
  const job = await pressExport(t, { numberOfItems: 2 })
  await applyEvent(t, job.id, 'started')
  await applyEvent(t, job.id, 'completed')
  return job
}

const putItems = (t: Fake, jobId: string, body: unknown) =>
  t.send('PUT', `/v3/export-jobs/${jobId}/items`, body)

describe('unsafe modes', () => {
  it('late-items: accepts item updates on a finished job (the safe fake answers 422)', async () => {
    for (const mode of [[], ['late-items']] as UnsafeMode[][]) {
      using t = fakeWith(...mode)
      const job = await finishedJob(t)
      const [item] = storedItems(t, job.id)
      const update = [{ accountingEntryId: item?.accountingEntryId, status: 'failed' }]
      const response = await putItems(t, job.id, update)
      expect(response.status).toBe(mode.length ? 200 : 422)
      expect(storedItems(t, job.id)[0]?.status).toBe(mode.length ? 'failed' : item?.status)
    }
  })

  it('second-final: accepts a final event on a finished or expired job', async () => {
    for (const mode of [[], ['second-final']] as UnsafeMode[][]) {
      using t = fakeWith(...mode)
      const job = await finishedJob(t)
      expect((await sendEvent(t, job.id, 'failed')).status).toBe(mode.length ? 202 : 422)
      expect(storedJob(t, job.id).status).toBe(mode.length ? 'failed' : 'completed')
      const expiring = await pressExport(t, { expiresIn: 60 })
      await advance(t, 61)
      expect((await sendEvent(t, expiring.id, 'completed')).status).toBe(mode.length ? 202 : 422)
      // A claim is never accepted on an ended job, whatever the mode.
      expect((await sendEvent(t, job.id, 'started')).status).toBe(422)
    }
  })

  it('no-expiry: a job past its window stays open and takes events', async () => {
    for (const mode of [[], ['no-expiry']] as UnsafeMode[][]) {
      using t = fakeWith(...mode)
      const job = await pressExport(t, { expiresIn: 60 })
      await advance(t, 120)
      expect(storedJob(t, job.id).status).toBe(mode.length ? 'pending' : 'expired')
      expect((await sendEvent(t, job.id, 'started')).status).toBe(mode.length ? 202 : 422)
    }
  })

  it('big-batches: accepts an item update of more than 100 items (the safe fake answers 413)', async () => {
    for (const mode of [[], ['big-batches']] as UnsafeMode[][]) {
      using t = fakeWith(...mode)
      const job = await pressExport(t, { numberOfItems: 1 })
      const body = Array.from({ length: 101 }, () => ({
        accountingEntryId: unknownId,
        status: 'successful',
      }))
      const response = await putItems(t, job.id, body)
      expect(response.status).toBe(mode.length ? 200 : 413)
    }
  })

  it('switches at the next request when the option changes on a running fake', async () => {
    using t = fakeWith()
    const job = await finishedJob(t)
    expect((await sendEvent(t, job.id, 'completed')).status).toBe(422)
    t.fake.deps.options.unsafe = ['second-final']
    expect((await sendEvent(t, job.id, 'completed')).status).toBe(202)
    t.fake.deps.options.unsafe = []
    expect((await sendEvent(t, job.id, 'completed')).status).toBe(422)
  })

  it('parses MODE[,MODE]; a bare flag means claims; an unknown mode is named', () => {
    expect(parseUnsafeModes(true)).toEqual(['claims'])
    expect(parseUnsafeModes('big-batches,late-items')).toEqual(['late-items', 'big-batches'])
    expect(parseUnsafeModes(undefined)).toEqual([])
    expect(() => parseUnsafeModes('late-item')).toThrow(/unknown unsafe mode late-item/)
  })
})
