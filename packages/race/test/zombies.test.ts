// The race probes the server: zombie moves send what Pleo's rules refuse, and each unsafe mode
// (a deliberately broken rule) is caught by the checker naming the right invariant, while the
// safe server on the same seeds holds every invariant. In-process, a few seeds each.
import { describe, expect, it } from 'vitest'
import type { UnsafeMode } from '@fake-pleo/contract'
import { runRace } from '../src/engine.ts'
import { scenario, type ScenarioOverrides } from '../src/scenario.ts'
import { withoutTime } from './support.ts'

const seeds = [1, 2, 3]
const base: ScenarioOverrides = { workers: 3, jobs: 12, zombies: 12, steals: 2 }

async function race(seed: number, unsafe: UnsafeMode[], extra: ScenarioOverrides = {}) {
  return runRace(scenario(seed, { ...base, ...extra, unsafe }))
}

describe('zombie moves', () => {
  it('are recorded like any operation, refused by the safe server, and replay per seed', async () => {
    const s = scenario(4, base)
    const first = await runRace(s)
    expect(first.check.violations).toEqual([])
    const moves = first.history.filter((op) => op.f === 'zombie')
    expect(moves.length).toBeGreaterThan(0)
    const zombieWrites = first.history.filter(
      (op) =>
        op.process === 'nemesis' &&
        op.type !== 'invoke' &&
        ['put-items', 'claim', 'finish'].includes(op.f),
    )
    expect(zombieWrites.length).toBeGreaterThan(0)
    const again = await runRace(s)
    expect(withoutTime(again.history)).toEqual(withoutTime(first.history))
  })
})

const modes: { mode: UnsafeMode; invariant: number; rule: string; extra?: ScenarioOverrides }[] = [
  { mode: 'late-items', invariant: 2, rule: 'nothing-after' },
  { mode: 'second-final', invariant: 2, rule: 'nothing-after' },
  { mode: 'big-batches', invariant: 2, rule: 'item-update-limit' },
  { mode: 'no-expiry', invariant: 5, rule: 'nothing-stuck', extra: { expiresIn: 30 } },
  { mode: 'claims', invariant: 1, rule: 'one-claim-per-job' },
]

describe.each(modes)('the unsafe mode $mode', ({ mode, invariant, rule, extra }) => {
  it(`is caught on every seed (invariant ${invariant}); the safe server is not`, async () => {
    for (const seed of seeds) {
      const unsafe = await race(seed, [mode], extra)
      const found = unsafe.check.violations.filter(
        (v) => v.invariant === invariant && v.rule.startsWith(rule),
      )
      expect(
        found.length,
        `seed ${seed}: ${JSON.stringify(unsafe.check.violations.map((v) => v.rule))}`,
      ).toBeGreaterThan(0)
      expect(found[0]?.message).toMatch(/job /)
      const safe = await race(seed, [], extra)
      expect(safe.check.violations, `seed ${seed}, safe`).toEqual([])
    }
  })
})
