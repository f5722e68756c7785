// The seeded scheduler: timers fire in due order on the virtual clock, runnable tasks start in an
// order drawn from the generator (the same seed, the same order), a cancelled owner's tasks and
// timers reject, and `run` reports how it ended.
import { describe, expect, it } from 'vitest'
import { createRandom } from '@fake-pleo/contract'
import { createSimScheduler, type SimClock } from './sim-scheduler.ts'

function manualClock(start = 1000): SimClock & { moves: number[] } {
  let now = start
  const moves: number[] = []
  return {
    moves,
    now: () => now,
    advanceTo: (ms) => {
      moves.push(ms)
      now = Math.max(now, ms)
    },
  }
}

describe('sim scheduler', () => {
  it('fires timers in due order and moves the clock to each due time', async () => {
    const clock = manualClock()
    const s = createSimScheduler(clock, () => 0)
    const fired: string[] = []
    void s.sleep(300).then(() => fired.push(`c@${clock.now()}`))
    void s.sleep(100).then(() => fired.push(`a@${clock.now()}`))
    void s.sleep(100).then(() => fired.push(`b@${clock.now()}`))
    expect(await s.run({ done: () => fired.length === 3 })).toBe('done')
    expect(fired).toEqual(['a@1100', 'b@1100', 'c@1300'])
    expect(clock.moves).toEqual([1100, 1300])
  })

  it('starts runnable tasks before moving time, in an order fixed by the seed', async () => {
    const order = async (seed: string) => {
      const random = createRandom(seed)
      const s = createSimScheduler(manualClock(), () => random.next())
      const started: number[] = []
      const tasks = Array.from({ length: 8 }, (_, i) =>
        s.schedule(async () => {
          started.push(i)
          return i
        }),
      )
      void s.sleep(10).then(() => started.push(-1))
      await s.run({ done: () => started.length === 9 })
      expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
      return started
    }
    const first = await order('a')
    expect(first.at(-1)).toBe(-1)
    expect(await order('a')).toEqual(first)
    const others = await Promise.all(['b', 'c', 'd'].map(order))
    expect(others.some((o) => o.join() !== first.join())).toBe(true)
  })

  it('rejects the queued tasks and timers of a cancelled owner only', async () => {
    const s = createSimScheduler(manualClock(), () => 0)
    const killed = new Error('killed')
    const mine = s.schedule(async () => 'mine', 'w1')
    const nap = s.sleep(50, 'w1')
    const theirs = s.schedule(async () => 'theirs', 'w2')
    s.cancel('w1', killed)
    await expect(mine).rejects.toBe(killed)
    await expect(nap).rejects.toBe(killed)
    expect(await s.run({ done: () => false })).toBe('idle')
    expect(await theirs).toBe('theirs')
  })

  it('stops at the virtual-time bound and at the step bound', async () => {
    const s = createSimScheduler(manualClock(), () => 0)
    void s.sleep(10_000)
    expect(await s.run({ done: () => false, maxSimMs: 5000 })).toBe('max-time')
    const busy = createSimScheduler(manualClock(), () => 0)
    const loop = async (): Promise<void> => busy.schedule(async () => undefined).then(loop)
    void loop()
    expect(await busy.run({ done: () => false, maxSteps: 50 })).toBe('max-steps')
    expect(busy.steps).toBe(50)
  })
})
