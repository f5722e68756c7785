import { describe, expect, it } from 'vitest'
import {
  check,
  historyBuilder,
  indexesOf,
  indexesOfPairs,
  invariantsOf,
} from './history-builder.test-support.ts'

describe('invariant 2: nothing accepted after the end', () => {
  it('passes when updates after a finish or an expiry are refused', () => {
    const b = historyBuilder()
    b.create('a', 'b')
    b.work(0, 'a')
    expect(b.putItems(0, 'a')[1].type).toBe('fail')
    b.list(1)
    b.expire('b')
    expect(b.claim(1, 'b')[1].type).toBe('fail')
    expect(check(b).violations).toEqual([])
  })

  it('accepts an update sent before the finish completed', () => {
    const b = historyBuilder()
    b.create('a')
    b.list(0)
    b.claim(0, 'a')
    const items = [{ accountingEntryId: 'a-e1', status: 'successful' }]
    const complete = b.recorder.invoke(0, 'put-items', 'a', { items })
    b.finish('nemesis', 'a', 'failed')
    complete('ok')
    b.job('a').items = items
    expect(check(b).violations).toEqual([])
  })

  it('reports an update accepted after the job finished', () => {
    const b = historyBuilder()
    b.create('a')
    const turn = b.work(0, 'a')
    const late = b.putItems(0, 'a', 'failed', 'ok')
    b.putItems(0, 'a', 'failed', 'ok')
    const result = check(b)
    expect(invariantsOf(result)).toEqual([2])
    expect(result.violations).toHaveLength(1)
    const [violation] = result.violations
    expect(violation).toMatchObject({ rule: 'nothing-after-finish', jobId: 'a', process: 0 })
    expect(violation?.message).toContain('1 more')
    const finish = turn.at(-1)
    if (!finish) throw new Error('no finish')
    expect(indexesOf(violation?.operations ?? [])).toEqual(indexesOfPairs(finish, late))
  })

  it('reports a claim accepted after the job expired', () => {
    const b = historyBuilder()
    b.create('a')
    b.list(0)
    b.expire('a')
    const claim = b.claim(0, 'a', 'ok')
    b.job('a').status = 'expired'
    const result = check(b)
    expect(invariantsOf(result)).toEqual([2])
    const [violation] = result.violations
    expect(violation).toMatchObject({ rule: 'nothing-after-expiry', jobId: 'a', process: 0 })
    expect(indexesOf(violation?.operations ?? [])).toEqual(indexesOfPairs(claim))
  })
})
