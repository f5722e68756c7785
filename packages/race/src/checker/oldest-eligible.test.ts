import { describe, expect, it } from 'vitest'
import {
  check,
  historyBuilder,
  indexesOf,
  indexesOfPairs,
  invariantsOf,
} from './history-builder.test-support.ts'

describe('invariant 4: the oldest eligible job', () => {
  it('passes when a loser moves on to the next oldest job', () => {
    const b = historyBuilder()
    b.create('a', 'b', 'c')
    b.list(0)
    b.list(1)
    b.claim(0, 'a')
    b.claim(1, 'a')
    b.claim(1, 'b')
    b.putItems(0, 'a')
    b.finish(0, 'a')
    b.putItems(1, 'b')
    b.finish(1, 'b')
    b.work(0, 'c')
    expect(check(b).violations).toEqual([])
  })

  it('reads a listing over several pages', () => {
    const b = historyBuilder()
    b.create('a', 'b', 'c')
    b.claim('nemesis', 'a')
    b.finish('nemesis', 'a', 'failed')
    expect(b.list(0, { pageSize: 1 })).toHaveLength(2)
    b.claim(0, 'b')
    b.putItems(0, 'b')
    b.finish(0, 'b')
    b.work(0, 'c')
    expect(check(b).violations).toEqual([])
  })

  it('lets a worker skip the oldest job once a get showed it in progress', () => {
    const b = historyBuilder()
    b.create('a', 'b')
    b.list(0)
    b.list(1)
    b.claim(1, 'a')
    b.get(0, 'a')
    b.claim(0, 'b')
    for (const [worker, id] of [
      [1, 'a'],
      [0, 'b'],
    ] as const) {
      b.putItems(worker, id)
      b.finish(worker, id)
    }
    expect(check(b).violations).toEqual([])
  })

  // Regression (a race with harsh faults): a claim answered 429 said nothing about the job's
  // status, yet the job counted as gone and the retried claim of it was reported.
  it('keeps a job eligible after a claim of it was answered 429, and accepts the retry', () => {
    const b = historyBuilder()
    b.create('a', 'b')
    b.list(0)
    b.get(0, 'a')
    b.call(0, 'claim', 'a', undefined, 'fail', { status: 429, error: 'TOO_MANY_REQUESTS' })
    b.claim(0, 'a')
    b.putItems(0, 'a')
    b.finish(0, 'a')
    b.work(0, 'b')
    expect(check(b).violations).toEqual([])
  })

  it('reports a claim that skips the oldest listed job', () => {
    const b = historyBuilder()
    b.create('a', 'b')
    const [listing] = b.list(0)
    const claim = b.claim(0, 'b')
    b.putItems(0, 'b')
    b.finish(0, 'b')
    b.work(1, 'a')
    const result = check(b)
    expect(invariantsOf(result)).toEqual([4])
    expect(result.violations).toHaveLength(1)
    const [violation] = result.violations
    expect(violation).toMatchObject({ rule: 'oldest-eligible', jobId: 'b', process: 0 })
    expect(violation?.message).toContain('was a (created')
    if (!listing) throw new Error('no listing')
    expect(indexesOf(violation?.operations ?? [])).toEqual(indexesOfPairs(listing, claim))
  })

  it('names the pages that listed the expected and the claimed job', () => {
    const b = historyBuilder()
    b.create('a', 'b')
    const pages = b.list(0, { pageSize: 1 })
    const claim = b.claim(0, 'b')
    b.putItems(0, 'b')
    b.finish(0, 'b')
    b.work(1, 'a')
    const [violation] = check(b).violations
    expect(indexesOf(violation?.operations ?? [])).toEqual(indexesOfPairs(...pages, claim))
  })

  it('reports a claim of a job an info claim left in doubt, skipped', () => {
    const b = historyBuilder()
    b.create('a', 'b')
    b.list(0)
    b.claim(0, 'a', 'info')
    b.claim(0, 'b')
    b.putItems(0, 'b')
    b.finish(0, 'b')
    b.work(1, 'a')
    expect(check(b).violations.map((v) => [v.invariant, v.jobId])).toEqual([[4, 'b']])
  })

  it('reports a claim without any listing before it', () => {
    const b = historyBuilder()
    b.create('a')
    const claim = b.claim(0, 'a')
    b.putItems(0, 'a')
    b.finish(0, 'a')
    const result = check(b)
    expect(invariantsOf(result)).toEqual([4])
    expect(result.violations[0]).toMatchObject({ rule: 'claim-without-listing', jobId: 'a' })
    expect(indexesOf(result.violations[0]?.operations ?? [])).toEqual(indexesOfPairs(claim))
  })

  it('reports a claim after an incomplete listing', () => {
    const b = historyBuilder()
    b.create('a', 'b')
    const pages = b.list(0, { pageSize: 1, failPage: 2 })
    const claim = b.claim(0, 'a')
    b.putItems(0, 'a')
    b.finish(0, 'a')
    b.work(1, 'b')
    const result = check(b)
    expect(invariantsOf(result)).toEqual([4])
    const [violation] = result.violations
    expect(violation).toMatchObject({ rule: 'claim-without-listing', jobId: 'a', process: 0 })
    expect(indexesOf(violation?.operations ?? [])).toEqual(indexesOfPairs(...pages, claim))
  })

  it('does not hold the nemesis to the rule', () => {
    const b = historyBuilder()
    b.create('a', 'b')
    b.claim('nemesis', 'b')
    b.finish('nemesis', 'b', 'failed')
    b.work(0, 'a')
    expect(check(b).valid).toBe(true)
  })
})
