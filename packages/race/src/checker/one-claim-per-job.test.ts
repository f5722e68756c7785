import { describe, expect, it } from 'vitest'
import {
  check,
  historyBuilder,
  indexesOf,
  indexesOfPairs,
  invariantsOf,
} from './history-builder.test-support.ts'

describe('invariant 1: one claim per job', () => {
  it('passes when the losers of a race are refused', () => {
    const b = historyBuilder()
    b.create('a', 'b')
    b.list(0)
    b.list(1)
    b.claim(0, 'a')
    expect(b.claim(1, 'a')[1].type).toBe('fail')
    b.claim(1, 'b')
    for (const [worker, id] of [
      [0, 'a'],
      [1, 'b'],
    ] as const) {
      b.putItems(worker, id)
      b.finish(worker, id)
    }
    const result = check(b)
    expect(result.violations).toEqual([])
    expect(result.valid).toBe(true)
    expect(result.counts).toMatchObject({ claimsWon: 2, claimsLost: 1, jobs: 2, workers: 2 })
  })

  it('does not count a claim of unknown outcome as a win', () => {
    const b = historyBuilder()
    b.create('a')
    b.list(1)
    b.list(0)
    b.claim(0, 'a')
    b.claim(1, 'a', 'info')
    b.putItems(0, 'a')
    b.finish(0, 'a')
    const result = check(b)
    expect(result.valid).toBe(true)
    expect(result.counts.claimsUnknown).toBe(1)
  })

  it('reports a job two workers both claimed, once, with both claims', () => {
    const b = historyBuilder()
    b.create('a')
    b.list(0)
    b.list(1)
    const first = b.claim(0, 'a')
    const second = b.claim(1, 'a', 'ok')
    b.putItems(0, 'a')
    b.finish(0, 'a')
    const result = check(b)
    expect(invariantsOf(result)).toEqual([1])
    expect(result.violations).toHaveLength(1)
    const [violation] = result.violations
    expect(violation).toMatchObject({ rule: 'one-claim-per-job', jobId: 'a' })
    expect(violation?.process).toBeUndefined()
    expect(indexesOf(violation?.operations ?? [])).toEqual(indexesOfPairs(first, second))
  })

  it('counts a claim the nemesis won against a worker', () => {
    const b = historyBuilder()
    b.create('a')
    b.list(0)
    const stolen = b.claim('nemesis', 'a')
    const won = b.claim(0, 'a', 'ok')
    b.putItems(0, 'a')
    b.finish(0, 'a')
    const [violation] = check(b).violations
    expect(violation?.message).toContain('the nemesis, worker 0')
    expect(indexesOf(violation?.operations ?? [])).toEqual(indexesOfPairs(stolen, won))
  })
})
