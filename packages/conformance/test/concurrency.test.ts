// Scenarios run side by side judge as they do one after another: the same outcomes at concurrency
// 2 as at 1 (and again at 2), for a fixture that breaks one rule (so a fail is among them), with the report in
// plan order although results came in the order scenarios ended.
import { describe, expect, it } from 'vitest'
import type { PoolProgress } from '../src/pool.ts'
import { describeOutcomes, fixtureCommand, outcomesOf, runPlan } from './fixtures/plan-run.ts'

const only = ['DETECT-003', 'SELECT-001', 'CLAIM-001', 'PROC-003']
const expected = ['DETECT-003: pass', 'SELECT-001: pass', 'CLAIM-001: pass', 'PROC-003: fail']

describe('the plan at concurrency 2', () => {
  it('gives the same outcomes as at concurrency 1, in plan order', async () => {
    const command = fixtureCommand('two-final-events')
    const serial = await runPlan(command, { only, concurrency: 1 })
    const seen: PoolProgress[] = []
    const ended: string[] = []
    const parallel = await runPlan(command, {
      only,
      concurrency: 2,
      onStart: (_s, progress) => seen.push(progress),
      onResult: (r) => ended.push(r.id),
    })
    // And once more: the same verdicts run after run (`pnpm bench --conform` does 20).
    const again = await runPlan(command, { only, concurrency: 2 })
    expect(outcomesOf(serial), describeOutcomes(serial)).toEqual(expected)
    expect(outcomesOf(parallel), describeOutcomes(parallel)).toEqual(expected)
    expect(outcomesOf(again), describeOutcomes(again)).toEqual(expected)
    // Two really ran at once, never more.
    expect(Math.max(...seen.map((p) => p.running))).toBe(2)
    expect(ended.toSorted()).toEqual(only.toSorted())
  }, 120_000)
})
