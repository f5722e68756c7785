import { describe, expect, it } from 'vitest'
import {
  check,
  historyBuilder,
  indexesOf,
  indexesOfPairs,
  invariantsOf,
} from './history-builder.test-support.ts'

describe('invariant 3: one job at a time', () => {
  it('passes for a worker that finishes each job before claiming the next', () => {
    const b = historyBuilder()
    b.create('a', 'b')
    b.work(0, 'a')
    b.work(0, 'b')
    expect(check(b).violations).toEqual([])
  })

  it('reports a claim sent while holding another job', () => {
    const b = historyBuilder()
    b.create('a', 'b')
    b.list(0)
    const held = b.claim(0, 'a')
    const second = b.claim(0, 'b')
    b.putItems(0, 'b')
    b.finish(0, 'b')
    b.expire('a')
    const result = check(b)
    expect(invariantsOf(result)).toEqual([3])
    expect(result.violations).toHaveLength(1)
    const [violation] = result.violations
    expect(violation).toMatchObject({ rule: 'one-job-at-a-time', jobId: 'b', process: 0 })
    expect(violation?.message).toContain('holding job a')
    expect(indexesOf(violation?.operations ?? [])).toEqual(indexesOfPairs(held, second))
  })

  it('reports items put for another job while holding one', () => {
    const b = historyBuilder()
    b.create('a', 'b')
    b.claim('nemesis', 'b')
    b.list(0)
    b.claim(0, 'a')
    b.putItems(0, 'b', 'successful', 'fail')
    b.putItems(0, 'a')
    b.finish(0, 'a')
    b.finish('nemesis', 'b', 'failed')
    const result = check(b)
    expect(invariantsOf(result)).toEqual([3])
    expect(result.violations[0]).toMatchObject({ jobId: 'b', process: 0 })
  })

  it('lets a crash release the job held', () => {
    const b = historyBuilder()
    b.create('a', 'b')
    b.list(0)
    b.claim(0, 'a')
    b.crash(0)
    b.restart(0)
    b.work(0, 'b')
    b.expire('a')
    expect(check(b).violations).toEqual([])
  })

  it('lets a restarted worker resume the job it had claimed', () => {
    const b = historyBuilder()
    b.create('a', 'b')
    b.list(0)
    b.claim(0, 'a')
    b.getItems(0, 'a')
    b.crash(0)
    b.restart(0)
    b.get(0, 'a')
    b.putItems(0, 'a')
    b.finish(0, 'a')
    b.work(0, 'b')
    const result = check(b)
    expect(result.violations).toEqual([])
    expect(result.counts).toMatchObject({ crashes: 1, restarts: 1 })
  })

  it('reports a resumed job left for another one', () => {
    const b = historyBuilder()
    b.create('a', 'b')
    b.list(0)
    b.claim(0, 'a')
    b.crash(0)
    b.restart(0)
    const resumed = b.putItems(0, 'a')
    const other = b
      .list(0)
      .concat([b.claim(0, 'b')])
      .at(-1)
    b.putItems(0, 'b')
    b.finish(0, 'b')
    b.expire('a')
    const [violation, ...rest] = check(b).violations
    expect(rest).toEqual([])
    if (!other) throw new Error('no claim')
    expect(indexesOf(violation?.operations ?? [])).toEqual(indexesOfPairs(resumed, other))
  })

  it('releases on a refused put-items, a get that is no longer in progress, any finish', () => {
    const b = historyBuilder()
    b.create('a', 'b', 'c', 'd')
    b.list(0)
    b.claim(0, 'a')
    b.expire('a')
    b.putItems(0, 'a')
    b.list(0)
    b.claim(0, 'b')
    b.finish('nemesis', 'b', 'failed')
    b.get(0, 'b')
    b.list(0)
    b.claim(0, 'c')
    b.finish(0, 'c', 'completed', 'info')
    b.job('c').status = 'completed'
    b.work(0, 'd')
    expect(check(b).violations).toEqual([])
  })
})
