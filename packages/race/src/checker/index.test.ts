import { describe, expect, it } from 'vitest'
import { fromJsonLines, toJsonLines } from '../history.ts'
import { checkHistory } from './index.ts'
import { historyBuilder, type HistoryBuilder } from './history-builder.test-support.ts'

/** Three workers each claiming the same job: one double claim and some skipped jobs. */
function brokenRace(): HistoryBuilder {
  const b = historyBuilder()
  b.create('a', 'b', 'c')
  for (const worker of [0, 1, 2]) b.list(worker)
  for (const worker of [0, 1, 2]) b.claim(worker, 'c', 'ok')
  for (const worker of [0, 1, 2]) b.finish(worker, 'c', 'completed', 'info')
  b.job('c').status = 'completed'
  b.work(0, 'a')
  b.work(0, 'b')
  return b
}

describe('checkHistory', () => {
  it('checks the same after a round trip through JSON lines', () => {
    const b = brokenRace()
    const text = toJsonLines(b.history())
    expect(text.split('\n')).toHaveLength(b.history().length + 1)
    const again = fromJsonLines(text)
    expect(again).toEqual(b.history())
    const direct = checkHistory(b.history(), b.finalState())
    expect(direct.valid).toBe(false)
    expect(checkHistory(again, b.finalState())).toEqual(direct)
  })

  it('sorts violations by their first operation and cuts them at maxViolations', () => {
    const b = brokenRace()
    const all = checkHistory(b.history(), b.finalState())
    const firsts = all.violations.map((v) => v.operations[0]?.index ?? Infinity)
    expect(firsts).toEqual([...firsts].sort((x, y) => x - y))
    expect(all.violations.map((v) => `${v.invariant} ${v.process ?? ''}`)).toEqual([
      '4 0',
      '4 1',
      '4 2',
      '1 ',
    ])
    const cut = checkHistory(b.history(), b.finalState(), { maxViolations: 2 })
    expect(cut.violations).toEqual(all.violations.slice(0, 2))
    expect(cut.counts.violations).toBe(4)
    expect(cut.valid).toBe(false)
  })

  it('counts what the history holds', () => {
    const b = brokenRace()
    const { counts } = checkHistory(b.history(), b.finalState())
    expect(counts).toEqual({
      operations: b.history().length,
      jobs: 3,
      jobsCreated: 3,
      workers: 3,
      claimsWon: 5,
      claimsLost: 0,
      claimsUnknown: 0,
      finishesOk: 2,
      crashes: 0,
      restarts: 0,
      violations: 4,
    })
  })

  it('accepts an empty history with an empty final state', () => {
    expect(checkHistory([], { jobs: [] })).toMatchObject({ valid: true, violations: [] })
  })
})
