import { describe, expect, it } from 'vitest'
import type { FinalState } from '../final-state.ts'
import { checkHistory } from './index.ts'
import {
  check,
  historyBuilder,
  indexesOf,
  indexesOfPairs,
  invariantsOf,
  type HistoryBuilder,
} from './history-builder.test-support.ts'

/** The final state with one job changed. */
function changed(b: HistoryBuilder, id: string, change: (job: FinalState['jobs'][number]) => void) {
  const state = b.finalState()
  const job = state.jobs.find((j) => j.id === id)
  if (!job) throw new Error(`no job ${id}`)
  change(job)
  return state
}

describe('invariant 6: the history explains the final state', () => {
  it('passes for a finish of unknown outcome that happened', () => {
    const b = historyBuilder()
    b.create('a')
    b.list(0)
    b.claim(0, 'a')
    b.putItems(0, 'a')
    b.finish(0, 'a', 'completed_with_errors', 'info')
    b.job('a').status = 'completed_with_errors'
    expect(check(b).violations).toEqual([])
  })

  it('ignores in-progress item reports after the last successful one', () => {
    const b = historyBuilder()
    b.create('a')
    b.list(0)
    b.claim(0, 'a')
    b.putItems(0, 'a', 'successful')
    b.putItems(0, 'a', 'in_progress')
    b.finish(0, 'a')
    const state = changed(
      b,
      'a',
      (job) => (job.items = [{ accountingEntryId: 'a-e1', status: 'successful' }]),
    )
    expect(check(b, state).violations).toEqual([])
  })

  it('reports a created job missing from the final state', () => {
    const b = historyBuilder()
    const create = b.create('a', 'b')
    b.work(0, 'a')
    const state = { jobs: b.finalState().jobs.filter((job) => job.id !== 'b') }
    const result = check(b, state)
    expect(invariantsOf(result)).toEqual([6])
    expect(result.violations[0]).toMatchObject({ rule: 'created-job-exists', jobId: 'b' })
    expect(indexesOf(result.violations[0]?.operations ?? [])).toEqual(indexesOfPairs(create))
  })

  it('reports a final job no create made', () => {
    const b = historyBuilder()
    b.create('a')
    b.work(0, 'a')
    const state = b.finalState()
    state.jobs.push({
      id: 'z',
      status: 'completed',
      createdAt: '2025-03-01T08:00:00.000Z',
      expiredAt: null,
    })
    const rules = check(b, state).violations.map((v) => [v.invariant, v.rule, v.jobId])
    expect(rules).toEqual([
      [6, 'final-job-created', 'z'],
      [6, 'status-has-finish', 'z'],
    ])
  })

  it.each(['info', 'open'] as const)(
    'a create of unknown outcome (%s) explains one job the history cannot name, not two',
    (outcome) => {
      const b = historyBuilder()
      b.create('a')
      b.createUncertain('u', outcome)
      b.work(0, 'a')
      // Invariant 6 alone: a live race stops with jobs still pending (invariant 5 is not asked).
      const six = (state = b.finalState()) => checkHistory(b.history(), state, { invariants: [6] })
      expect(six().violations).toEqual([])
      const state = b.finalState()
      state.jobs.push({
        id: 'z',
        status: 'pending',
        createdAt: '2025-03-01T08:00:00.000Z',
        expiredAt: null,
      })
      const found = six(state).violations
      expect(found.map((v) => [v.invariant, v.rule, v.jobId])).toEqual([
        [6, 'final-job-created', 'u'],
        [6, 'final-job-created', 'z'],
      ])
      expect(found[0]?.message).toMatch(/2 such jobs, 1 creates of unknown outcome/)
    },
  )

  it('reports a claimed job that ended pending (also stuck)', () => {
    const b = historyBuilder()
    b.create('a')
    b.list(0)
    const claim = b.claim(0, 'a')
    b.finish(0, 'a', 'completed', 'info')
    const result = check(
      b,
      changed(b, 'a', (job) => (job.status = 'pending')),
    )
    expect(invariantsOf(result)).toEqual([5, 6])
    const found = result.violations.find((v) => v.invariant === 6)
    expect(found).toMatchObject({ rule: 'claimed-not-pending', jobId: 'a' })
    expect(indexesOf(found?.operations ?? [])).toEqual(indexesOfPairs(claim))
  })

  it('reports a finished status no finish asked for', () => {
    const b = historyBuilder()
    b.create('a')
    b.list(0)
    b.claim(0, 'a')
    b.finish(0, 'a', 'failed', 'fail')
    const result = check(
      b,
      changed(b, 'a', (job) => (job.status = 'failed')),
    )
    expect(invariantsOf(result)).toEqual([6])
    expect(result.violations[0]).toMatchObject({ rule: 'status-has-finish', jobId: 'a' })
  })

  it('reports an accepted finish the final status contradicts', () => {
    const b = historyBuilder()
    b.create('a')
    const finish = b.work(0, 'a').at(-1)
    b.finish('nemesis', 'a', 'failed', 'info')
    const result = check(
      b,
      changed(b, 'a', (job) => (job.status = 'failed')),
    )
    expect(invariantsOf(result)).toEqual([6])
    expect(result.violations[0]).toMatchObject({ rule: 'finish-matches-status', jobId: 'a' })
    if (!finish) throw new Error('no finish')
    expect(indexesOf(result.violations[0]?.operations ?? [])).toEqual(indexesOfPairs(finish))
  })

  it('reports an expired job that had an accepted finish', () => {
    const b = historyBuilder()
    b.create('a')
    b.work(0, 'a')
    const result = check(
      b,
      changed(b, 'a', (job) => (job.status = 'expired')),
    )
    expect(invariantsOf(result)).toEqual([6])
    expect(result.violations[0]).toMatchObject({ rule: 'expired-not-finished', jobId: 'a' })
  })

  it('reports an item whose final status is not the last one put', () => {
    const b = historyBuilder()
    b.create('a')
    b.list(0)
    b.claim(0, 'a')
    const put = b.putItems(0, 'a', 'successful')
    b.finish(0, 'a')
    const state = changed(
      b,
      'a',
      (job) => (job.items = [{ accountingEntryId: 'a-e1', status: 'failed' }]),
    )
    const result = check(b, state)
    expect(invariantsOf(result)).toEqual([6])
    const [violation] = result.violations
    expect(violation).toMatchObject({ rule: 'item-status-matches', jobId: 'a', process: 0 })
    expect(violation?.message).toContain('item a-e1')
    expect(indexesOf(violation?.operations ?? [])).toEqual(indexesOfPairs(put))
  })
})
