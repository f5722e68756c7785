// The event throttle on injected time: bursts are batched into few flushes, nothing is lost and
// nothing waits longer than the interval.
import { describe, expect, it } from 'vitest'
import { createEventThrottle } from '../src/throttle.ts'

function fakeTime() {
  let now = 0
  let timers: { at: number; run: () => void; cancelled: boolean }[] = []
  return {
    now: () => now,
    setTimer: (run: () => void, ms: number) => {
      const timer = { at: now + ms, run, cancelled: false }
      timers.push(timer)
      return { cancel: () => void (timer.cancelled = true) }
    },
    advance(to: number) {
      for (;;) {
        const due = timers.filter((t) => !t.cancelled && t.at <= to).sort((a, b) => a.at - b.at)[0]
        if (!due) break
        now = due.at
        due.cancelled = true
        due.run()
      }
      timers = timers.filter((t) => !t.cancelled)
      now = to
    },
  }
}

describe('createEventThrottle', () => {
  it('turns 1,000 events within 100 ms into at most 3 flushes, losing none', () => {
    const time = fakeTime()
    const flushes: number[][] = []
    const throttle = createEventThrottle<number>({
      intervalMs: 66,
      flush: (items) => flushes.push(items),
      now: time.now,
      setTimer: time.setTimer,
    })
    for (let i = 0; i < 1000; i++) {
      time.advance(i / 10)
      throttle.push([i])
    }
    time.advance(200)
    expect(flushes.length).toBeGreaterThanOrEqual(2)
    expect(flushes.length).toBeLessThanOrEqual(3)
    expect(flushes.flat()).toEqual(Array.from({ length: 1000 }, (_, i) => i))
  })

  it('flushes a lone event at once and the next one no later than the interval', () => {
    const time = fakeTime()
    const at: number[] = []
    const throttle = createEventThrottle<string>({
      intervalMs: 66,
      flush: (_items, when) => at.push(when),
      now: time.now,
      setTimer: time.setTimer,
    })
    throttle.push(['a'])
    time.advance(10)
    throttle.push(['b'])
    expect(throttle.pending).toBe(1)
    time.advance(100)
    expect(at).toEqual([0, 66])
  })

  it('drops the buffer on dispose and flushes on drain', () => {
    const time = fakeTime()
    const flushed: string[][] = []
    const throttle = createEventThrottle<string>({
      intervalMs: 66,
      flush: (items) => flushed.push(items),
      now: time.now,
      setTimer: time.setTimer,
    })
    throttle.push(['a'])
    throttle.push(['b'])
    throttle.drain()
    throttle.push(['c'])
    throttle.dispose()
    time.advance(500)
    expect(flushed).toEqual([['a'], ['b']])
  })
})
