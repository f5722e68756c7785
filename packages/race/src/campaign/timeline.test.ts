import { describe, expect, it } from 'vitest'
import { check, historyBuilder } from '../checker/history-builder.test-support.ts'
import { interleavingKey } from './interleavings.ts'
import { buildTimeline } from './timeline.ts'

/** Two workers both win job `a` (a broken server), then both finish it. */
function doubleClaim() {
  const b = historyBuilder()
  b.create('a')
  b.list(0)
  b.list(1)
  b.claim(0, 'a')
  b.claim(1, 'a', 'ok')
  b.putItems(0, 'a')
  b.finish(0, 'a')
  return b
}

describe('the timeline of a counterexample', () => {
  it('has a step per operation, with each job and process after it, and marks where it breaks', () => {
    const b = doubleClaim()
    const violation = check(b).violations.find((v) => v.invariant === 1)
    expect(violation).toBeDefined()
    const timeline = buildTimeline(b.history(), violation)
    expect(timeline.steps).toHaveLength(b.history().length)
    const claims = b.history().filter((op) => op.f === 'claim' && op.type === 'ok')
    const second = claims[1]!
    // It breaks at the second accepted claim: the job is held by both workers there.
    expect(timeline.steps[timeline.breakStep]?.operation).toBe(second)
    const at = timeline.steps[timeline.breakStep]!
    expect(at.breaks).toBe(true)
    expect(at.evidence).toBe(true)
    expect(at.text).toBe('worker 1 ok claim J1')
    expect(at.jobs).toEqual([
      { label: 'J1', id: 'a', status: 'in_progress', holders: [0, 1], claims: 2 },
    ])
    expect(at.processes.find((p) => p.process === 1)?.holding).toEqual(['J1'])
    // Before the first claim the job was pending and nobody held it.
    const before = timeline.steps[timeline.steps.findIndex((s) => s.operation === claims[0]) - 1]!
    expect(before.jobs[0]).toMatchObject({ status: 'pending', holders: [], claims: 0 })
    // After worker 0 finishes, only worker 1 still holds the completed job.
    const last = timeline.steps.at(-1)!
    expect(last.jobs[0]).toMatchObject({ status: 'completed', holders: [1] })
    expect(last.processes.find((p) => p.process === 0)).toMatchObject({
      holding: [],
      waiting: null,
    })
  })

  it('shows a process waiting between its invoke and its completion', () => {
    const b = historyBuilder()
    b.create('a')
    const complete = b.recorder.invoke(0, 'claim', 'a')
    const waiting = buildTimeline(b.history()).steps.at(-1)!
    expect(waiting.processes.find((p) => p.process === 0)?.waiting).toBe('worker 0 invoke claim J1')
    complete('fail', { status: 422, error: 'INVALID_EXPORT_JOB_STATUS_CHANGE' })
    const done = buildTimeline(b.history()).steps.at(-1)!
    expect(done.text).toBe('worker 0 fail claim J1 (422 INVALID_EXPORT_JOB_STATUS_CHANGE)')
    expect(done.processes.find((p) => p.process === 0)?.waiting).toBeNull()
    expect(done.jobs[0]).toMatchObject({ status: 'pending', claims: 0 })
  })
})

describe('interleaving keys', () => {
  it('are equal for the same order under other job ids, and differ for another order', () => {
    const rename = (b: ReturnType<typeof doubleClaim>) =>
      b.history().map((op) => ({ ...op, ...(op.jobId ? { jobId: `x-${op.jobId}` } : {}) }))
    expect(interleavingKey(rename(doubleClaim()))).toBe(interleavingKey(doubleClaim().history()))
    const swapped = [...doubleClaim().history()]
    ;[swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!]
    expect(interleavingKey(swapped)).not.toBe(interleavingKey(doubleClaim().history()))
  })
})
