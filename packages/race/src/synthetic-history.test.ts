import { describe, expect, it } from 'vitest'
import { checkHistory } from './checker/index.ts'
import type { Operation } from './history.ts'
import { syntheticHistory } from './synthetic-history.ts'

describe('syntheticHistory', () => {
  it('produces a valid history of about the size asked for, the same for the same seed', () => {
    const { history, finalState } = syntheticHistory({ operations: 20_000, seed: 3 })
    expect(history.length).toBeGreaterThanOrEqual(20_000)
    expect(history.length).toBeLessThan(21_000)
    const result = checkHistory(history, finalState)
    expect(result.violations).toEqual([])
    expect(result.counts.claimsLost).toBeGreaterThan(0)
    expect(result.counts.crashes).toBeGreaterThan(0)
    expect(finalState.jobs.some((job) => job.status === 'expired')).toBe(true)
    expect(syntheticHistory({ operations: 20_000, seed: 3 }).history).toEqual(history)
  })

  it('is caught when one more claim wins', () => {
    const { history, finalState } = syntheticHistory({ operations: 5_000, seed: 4 })
    const lost = history.findIndex((op) => op.f === 'claim' && op.type === 'fail')
    const flipped: Operation[] = history.map((op, i) =>
      i === lost ? { ...op, type: 'ok', value: null } : op,
    )
    const result = checkHistory(flipped, finalState)
    expect(result.valid).toBe(false)
    const jobId = history[lost]?.jobId
    expect(result.violations.find((v) => v.invariant === 1)).toMatchObject({ jobId })
  })

  it('is caught when a worker skips its listing', () => {
    const { history, finalState } = syntheticHistory({ operations: 5_000, workers: 2, seed: 5 })
    const unlisted = history.filter((op) => !(op.process === 1 && op.f === 'list'))
    const result = checkHistory(unlisted, finalState)
    expect(result.violations[0]).toMatchObject({ invariant: 4, process: 1 })
  })
})
