// The server's answers to zombie moves: a `started`, item update or final event that the history
// had already read the job past (an `ok` get) must be refused, and so must an item update of more
// than 100 items. Accepted, each is a violation of invariant 1 or 2 with the get as evidence, even
// when the answer that ended the job was lost (`info`), which the older checks cannot see.
import { describe, expect, it } from 'vitest'
import { check, historyBuilder, indexesOf, indexesOfPairs } from './history-builder.test-support.ts'

describe('judging the answers to zombie moves', () => {
  it('passes when the server refuses every zombie move', () => {
    const b = historyBuilder()
    b.create('a')
    b.work(0, 'a')
    b.get('nemesis', 'a')
    expect(b.claim('nemesis', 'a')[1].type).toBe('fail')
    expect(b.putItems('nemesis', 'a')[1].type).toBe('fail')
    expect(b.finish('nemesis', 'a', 'failed', 'fail')[1].type).toBe('fail')
    expect(check(b).violations).toEqual([])
  })

  it('reports a claim accepted after a get had read the job in progress (invariant 1)', () => {
    const b = historyBuilder()
    b.create('a')
    b.list(0)
    b.claim(0, 'a', 'info') // the worker's claim took effect, but its answer was lost
    b.job('a').status = 'in_progress'
    const read = b.get('nemesis', 'a')
    const stale = b.claim('nemesis', 'a', 'ok')
    b.finish('nemesis', 'a')
    const [violation, ...rest] = check(b).violations
    expect(rest).toEqual([])
    expect(violation).toMatchObject({ invariant: 1, rule: 'one-claim-per-job', jobId: 'a' })
    expect(violation?.message).toMatch(/read the job in_progress/)
    expect(indexesOf(violation?.operations ?? [])).toEqual(indexesOfPairs(read, stale))
  })

  it('reports an item update accepted after a get had read the job ended (invariant 2)', () => {
    const b = historyBuilder()
    b.create('a')
    b.list(0)
    b.claim(0, 'a')
    b.finish(0, 'a', 'completed', 'info') // finished, but no `ok` finish in the history
    b.job('a').status = 'completed'
    const read = b.get('nemesis', 'a')
    const late = b.putItems('nemesis', 'a', 'failed', 'ok')
    const [violation, ...rest] = check(b).violations
    expect(rest).toEqual([])
    expect(violation).toMatchObject({ invariant: 2, rule: 'nothing-after-end', process: 'nemesis' })
    expect(violation?.message).toMatch(/read the job completed/)
    expect(indexesOf(violation?.operations ?? [])).toEqual(indexesOfPairs(read, late))
  })

  it('reports an item update of more than 100 items accepted (invariant 2)', () => {
    const b = historyBuilder()
    b.create('a')
    b.list(0)
    b.claim(0, 'a')
    const items = Array.from({ length: 101 }, (_, i) => ({
      accountingEntryId: `stranger-${i}`,
      status: 'successful',
    }))
    const big = b.call('nemesis', 'put-items', 'a', { items }, 'ok')
    b.putItems(0, 'a')
    b.finish(0, 'a')
    const found = check(b).violations
    expect(found.map((v) => [v.invariant, v.rule])).toEqual([[2, 'item-update-limit']])
    expect(found[0]?.message).toMatch(/put-items of 101 items/)
    expect(indexesOf(found[0]?.operations ?? [])).toEqual(indexesOfPairs(big))
  })
})
