import { describe, expect, it } from 'vitest'
import {
  check,
  historyBuilder,
  indexesOf,
  indexesOfPairs,
  invariantsOf,
} from './history-builder.test-support.ts'

describe('invariant 5: nothing stuck', () => {
  it('passes when every job finished or expired', () => {
    const b = historyBuilder()
    b.create('a', 'b', 'c')
    b.work(0, 'a')
    b.list(0)
    b.claim(0, 'b')
    b.finish(0, 'b', 'failed')
    b.expire('c')
    expect(check(b).violations).toEqual([])
  })

  it('reports a job left in progress with the last operation that touched it', () => {
    const b = historyBuilder()
    b.create('a')
    b.list(0)
    b.claim(0, 'a')
    const last = b.getItems(0, 'a')
    b.putItems(0, 'a', 'successful', 'info')
    const result = check(b)
    expect(invariantsOf(result)).toEqual([5])
    const [violation] = result.violations
    expect(violation).toMatchObject({ rule: 'nothing-stuck', jobId: 'a' })
    expect(violation?.message).toContain('in_progress')
    expect(indexesOf(violation?.operations ?? [])).toEqual(indexesOfPairs(last))
  })

  it('reports a job nobody touched, with no operations', () => {
    const b = historyBuilder()
    b.create('a')
    const result = check(b)
    expect(invariantsOf(result)).toEqual([5])
    expect(result.violations[0]).toMatchObject({ jobId: 'a', operations: [] })
  })
})
