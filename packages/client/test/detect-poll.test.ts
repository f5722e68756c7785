// The poller with hand-driven timers: one trigger per tick at the configured interval, stop
// cancels, start twice schedules once, and a bad interval is refused.
import { describe, expect, it } from 'vitest'
import { createPoller, defaultPollIntervalMs } from '../src/claimer/detect-poll.ts'

function fakeTimers() {
  const timers = new Map<number, { fn: () => void; ms: number }>()
  let next = 1
  return {
    timers,
    setInterval: (fn: () => void, ms: number) => {
      timers.set(next, { fn, ms })
      return next++
    },
    clearInterval: (handle: unknown) => void timers.delete(handle as number),
    tick: () => {
      for (const timer of timers.values()) timer.fn()
    },
  }
}

describe('createPoller', () => {
  it('triggers once per tick, every two minutes by default, until stopped', () => {
    const clock = fakeTimers()
    const reasons: string[] = []
    const poller = createPoller({
      trigger: (reason) => void reasons.push(reason),
      setInterval: clock.setInterval,
      clearInterval: clock.clearInterval,
    })
    poller.start()
    poller.start()
    expect(clock.timers.size).toBe(1)
    expect([...clock.timers.values()][0]?.ms).toBe(defaultPollIntervalMs)
    expect(defaultPollIntervalMs).toBe(120_000)
    clock.tick()
    clock.tick()
    expect(reasons).toEqual(['poll #1', 'poll #2'])
    poller.stop()
    expect(clock.timers.size).toBe(0)
    clock.tick()
    expect(reasons).toHaveLength(2)
  })

  it('uses the given interval and survives a rejecting trigger', async () => {
    const clock = fakeTimers()
    let calls = 0
    const poller = createPoller({
      intervalMs: 5000,
      trigger: async () => {
        calls += 1
        throw new Error('nope')
      },
      setInterval: clock.setInterval,
      clearInterval: clock.clearInterval,
    })
    poller.start()
    expect([...clock.timers.values()][0]?.ms).toBe(5000)
    clock.tick()
    await Promise.resolve()
    expect(calls).toBe(1)
    poller.stop()
  })

  it('refuses a non-positive interval', () => {
    expect(() => createPoller({ intervalMs: 0, trigger: () => undefined })).toThrow(/positive/)
  })
})
