// The worker pool the runner runs scenarios with: results in the items' order whatever order they
// finish in, never more than `concurrency` in flight, items taken in order, progress counts, and
// one failing item does not stop the others.
import { describe, expect, it } from 'vitest'
import { concurrencyOf, runPool, type PoolProgress } from './pool.ts'

/** Work whose items finish only when the test says so, recording what is in flight. */
function controlled() {
  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>()
  const started: number[] = []
  let inFlight = 0
  let most = 0
  const work = (item: number) =>
    new Promise<string>((resolve, reject) => {
      started.push(item)
      inFlight++
      most = Math.max(most, inFlight)
      waiting.set(item, {
        resolve: () => {
          inFlight--
          resolve(`result ${item}`)
        },
        reject: (error) => {
          inFlight--
          reject(error)
        },
      })
    })
  /** Lets the microtasks run until `item` has started. */
  const startedItem = async (item: number) => {
    for (let i = 0; i < 100 && !waiting.has(item); i++) await Promise.resolve()
    return waiting.get(item)!
  }
  return { work, started, startedItem, most: () => most, inFlight: () => inFlight }
}

describe('runPool', () => {
  it('keeps the items’ order, runs at most `concurrency` at once and takes items in order', async () => {
    const c = controlled()
    const ended: string[] = []
    const progress: string[] = []
    const pool = runPool([0, 1, 2, 3, 4], 2, c.work, {
      onStart: (item, _i, p: PoolProgress) => progress.push(`start ${item} ${p.running}/${p.done}`),
      onResult: (result, _item, _i, p) => {
        ended.push(result)
        progress.push(`end ${result} ${p.running}/${p.done}`)
      },
    })
    // Finish them out of order: 1, then 0, then 3, 4, 2.
    ;(await c.startedItem(1)).resolve()
    expect(c.started).toEqual([0, 1])
    ;(await c.startedItem(0)).resolve()
    ;(await c.startedItem(3)).resolve()
    ;(await c.startedItem(4)).resolve()
    ;(await c.startedItem(2)).resolve()
    const results = await pool
    expect(results).toEqual(['result 0', 'result 1', 'result 2', 'result 3', 'result 4'])
    expect(ended).toEqual(['result 1', 'result 0', 'result 3', 'result 4', 'result 2'])
    expect(c.started).toEqual([0, 1, 2, 3, 4])
    expect(c.most()).toBe(2)
    expect(progress.slice(0, 4)).toEqual([
      'start 0 1/0',
      'start 1 2/0',
      'end result 1 1/1',
      'start 2 2/1',
    ])
    expect(progress.at(-1)).toBe('end result 2 0/5')
  })

  it('runs one at a time at concurrency 1', async () => {
    const c = controlled()
    const pool = runPool([0, 1, 2], 1, c.work)
    for (const item of [0, 1, 2]) {
      const handle = await c.startedItem(item)
      expect(c.inFlight()).toBe(1)
      handle.resolve()
    }
    expect(await pool).toEqual(['result 0', 'result 1', 'result 2'])
    expect(c.most()).toBe(1)
  })

  it('a failing item does not stop the others; the pool rejects with its error once all ended', async () => {
    const c = controlled()
    const results: string[] = []
    let settled = false
    const pool = runPool([0, 1, 2, 3], 2, c.work, { onResult: (r) => results.push(r) })
    void pool.catch(() => undefined).finally(() => (settled = true))
    ;(await c.startedItem(0)).reject(new Error('scenario 0 broke'))
    ;(await c.startedItem(1)).resolve()
    ;(await c.startedItem(2)).resolve()
    const last = await c.startedItem(3)
    await Promise.resolve()
    expect(settled).toBe(false)
    last.resolve()
    await expect(pool).rejects.toThrow('scenario 0 broke')
    expect(results).toEqual(['result 1', 'result 2', 'result 3'])
    expect(c.started).toEqual([0, 1, 2, 3])
  })

  it('more workers than items, and no items at all', async () => {
    expect(await runPool([1, 2], 8, async (n) => n * 10)).toEqual([10, 20])
    expect(await runPool([], 4, async (n: number) => n)).toEqual([])
  })

  it('concurrencyOf: a whole number of at least 1', () => {
    expect(concurrencyOf(undefined, 4)).toBe(4)
    expect(concurrencyOf(3.7, 4)).toBe(3)
    expect(concurrencyOf(0, 4)).toBe(1)
    expect(concurrencyOf(Number.NaN, 4)).toBe(1)
  })
})
