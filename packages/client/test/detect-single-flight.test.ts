// The single flight: triggers during a pass coalesce into exactly one more pass, passes never
// overlap, work chains follow-up passes (bounded) and a throwing pass is reported, not rethrown.
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { createSingleFlight, type PassReport } from '../src/claimer/single-flight.ts'

function gate() {
  let open: () => void = () => undefined
  const promise = new Promise<void>((resolve) => (open = resolve))
  return { promise, open }
}

function countingPass(kinds: string[] = []) {
  const state = { calls: 0, active: 0, maxActive: 0, gates: [] as Array<() => void> }
  const pass = async (): Promise<PassReport> => {
    state.calls += 1
    state.active += 1
    state.maxActive = Math.max(state.maxActive, state.active)
    const g = gate()
    state.gates.push(g.open)
    await g.promise
    state.active -= 1
    return { kind: kinds.shift() ?? 'idle' }
  }
  const release = async () => {
    // Lets the running pass finish and the next one (if any) start.
    state.gates.shift()?.()
    for (let i = 0; i < 5; i++) await Promise.resolve()
  }
  return { state, pass, release }
}

describe('createSingleFlight', () => {
  it('coalesces 10 triggers during a pass into exactly one more pass, never concurrent', async () => {
    const { state, pass, release } = countingPass()
    const flight = createSingleFlight(pass)
    const first = flight.trigger('first')
    expect(state.calls).toBe(1)
    const later = Array.from({ length: 10 }, (_, i) => flight.trigger(`t${i}`))
    expect(state.calls).toBe(1)
    await release()
    await first
    expect(state.calls).toBe(2)
    await release()
    await Promise.all(later)
    await flight.idle()
    expect(state.calls).toBe(2)
    expect(state.maxActive).toBe(1)
  })

  it('never overlaps under a storm of triggers at random moments', async () => {
    let calls = 0
    let active = 0
    let maxActive = 0
    const flight = createSingleFlight(async () => {
      calls += 1
      active += 1
      maxActive = Math.max(maxActive, active)
      await sleep(1)
      active -= 1
      return { kind: 'idle' }
    })
    const all: Array<Promise<void>> = []
    for (let i = 0; i < 50; i++) {
      all.push(flight.trigger(`t${i}`))
      if (i % 7 === 0) await sleep(1)
    }
    await Promise.all(all)
    expect(maxActive).toBe(1)
    expect(calls).toBeLessThan(50)
    expect(calls).toBeGreaterThanOrEqual(2)
  })

  it('runs a pass again while it reports work, until one is idle', async () => {
    const kinds = ['completed', 'lost-race', 'completed', 'idle']
    const reports: string[] = []
    const flight = createSingleFlight(async () => ({ kind: kinds.shift() ?? 'idle' }), {
      onPass: (report) => reports.push(report.kind),
    })
    await flight.trigger('go')
    expect(reports).toEqual(['completed', 'lost-race', 'completed', 'idle'])
  })

  it('bounds the follow-ups', async () => {
    let calls = 0
    const flight = createSingleFlight(
      async () => {
        calls += 1
        return { kind: 'completed' }
      },
      { maxFollowUps: 3 },
    )
    await flight.trigger('go')
    expect(calls).toBe(4)
  })

  it('reports a throwing pass and keeps serving triggers', async () => {
    const errors: string[] = []
    let calls = 0
    const flight = createSingleFlight(
      async () => {
        calls += 1
        if (calls === 1) throw new Error('boom')
        return { kind: 'idle' }
      },
      { onError: (error) => errors.push((error as Error).message) },
    )
    await flight.trigger('one')
    await flight.trigger('two')
    expect(errors).toEqual(['boom'])
    expect(calls).toBe(2)
  })

  it('ignores triggers after stop', async () => {
    let calls = 0
    const flight = createSingleFlight(async () => {
      calls += 1
      return { kind: 'idle' }
    })
    await flight.stop()
    await flight.trigger('late')
    expect(calls).toBe(0)
  })
})
