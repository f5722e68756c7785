// The virtual clock: manual stands still until moved, system follows the injected real time plus
// an offset, neither moves backwards, and state round-trips for restarts and reset.
import { describe, expect, it } from 'vitest'
import { createClock } from './clock.ts'

describe('clock', () => {
  it('manual stands still and advances by exactly what it is told', () => {
    let real = 1_000_000
    const clock = createClock('manual', () => real)
    real += 50_000
    expect(clock.now()).toBe(1_000_000)
    expect(clock.advance(5000)).toBe(1_005_000)
    expect(clock.now()).toBe(1_005_000)
  })

  it('system follows real time plus the advanced offset', () => {
    let real = 2_000_000
    const clock = createClock('system', () => real)
    clock.advance(60_000)
    real += 1000
    expect(clock.now()).toBe(2_061_000)
  })

  it('refuses to be set backwards and moves forward to a later time', () => {
    const clock = createClock('manual', () => 3_000_000)
    expect(clock.set(2_000_000)).toBe(false)
    expect(clock.now()).toBe(3_000_000)
    expect(clock.set(4_000_000)).toBe(true)
    expect(clock.now()).toBe(4_000_000)
  })

  it('wallNow is the real time source, whatever the virtual clock was moved to', () => {
    let real = 6_000_000
    for (const mode of ['system', 'manual'] as const) {
      const clock = createClock(mode, () => real)
      clock.advance(86_400_000)
      real += 1000
      expect(clock.wallNow()).toBe(real)
      expect(clock.now()).toBeGreaterThanOrEqual(real - 1000 + 86_400_000)
    }
  })

  it('restores a saved state', () => {
    const a = createClock('manual', () => 5_000_000)
    a.advance(7000)
    const b = createClock('manual', () => 9_000_000)
    b.restore(a.state())
    expect(b.now()).toBe(5_007_000)
  })
})
