// The campaign view's reducer and keys without rendering: progress from the campaign's events
// (runs, shrinking races, interleavings, the verdict), and stepping through a counterexample's
// timeline with the arrow keys (one operation, the violation's evidence, ten, start and end,
// where the invariant breaks), bounded at both ends.
import { checkHistory, createRecorder, scenario } from '@fake-pleo/race'
import type {
  CampaignEvent,
  CampaignResult,
  CampaignRun,
  RaceSummary,
  Scenario,
} from '@fake-pleo/race'
import { describe, expect, it } from 'vitest'
import { decideCampaignKey, type CampaignKey } from '../src/campaign/campaign-keys.ts'
import {
  campaignReducer,
  initialCampaignState,
  runsPerSecond,
  type CampaignAction,
  type CampaignState,
} from '../src/campaign/campaign-reducer.ts'

/** A double claim of job `j1` by workers 0 and 1, as a broken server lets it happen. */
function doubleClaimRace() {
  let sim = 0
  const r = createRecorder({ sim: () => (sim += 10), nanos: () => 0 })
  const created = r.invoke('nemesis', 'create', undefined, {})
  created('ok', { jobs: [{ id: 'j1', createdAt: '2026-01-01T00:00:00.000Z' }] }, 'j1')
  const first = r.invoke(0, 'claim', 'j1')
  const second = r.invoke(1, 'claim', 'j1')
  first('ok')
  second('ok')
  const finish = r.invoke(0, 'finish', 'j1', { event: 'completed' })
  finish('ok')
  const finalState = {
    jobs: [
      {
        id: 'j1',
        status: 'completed' as const,
        createdAt: '2026-01-01T00:00:00.000Z',
        expiredAt: null,
      },
    ],
  }
  const history = r.operations
  return { history, finalState, check: checkHistory(history, finalState) }
}

const small = scenario(0, { workers: 2, jobs: 1, unsafe: ['claims'] })
const big = scenario(7, { workers: 4, jobs: 6, unsafe: ['claims'] })

function resultOf(): CampaignResult {
  const race = doubleClaimRace()
  const summary = {} as RaceSummary
  return {
    seed: 3,
    runsAsked: 50,
    runs: 2,
    shrinkRuns: 2,
    shrinks: 1,
    interleavings: 3,
    elapsedMs: 1000,
    interrupted: false,
    path: '1:0',
    firstFailure: { scenario: big, operations: 300 },
    counterexample: {
      scenario: small,
      history: race.history,
      finalState: race.finalState,
      violations: race.check.violations,
      errors: [],
      summary,
    },
  }
}

const ended = (run: Partial<CampaignRun> & { scenario: Scenario }): CampaignEvent => ({
  type: 'run-ended',
  run: {
    phase: 'search',
    held: true,
    operations: 40,
    violation: null,
    errors: [],
    fresh: true,
    ...run,
  },
})

const reduce = (events: CampaignEvent[], state = initialCampaignState(50)) =>
  events.reduce<CampaignState>(
    (s, event, i) => campaignReducer(s, { type: 'event', event, at: 1000 + i * 500 }),
    state,
  )

const found = () => {
  const race = doubleClaimRace()
  return reduce([
    { type: 'started', runs: 50, seed: 3, unsafe: ['claims'] },
    ended({ scenario: small }),
    ended({ scenario: big, held: false, operations: 300, violation: race.check.violations[0]! }),
    ended({ scenario: small, phase: 'shrink', held: false, operations: 7 }),
    ended({ scenario: big, phase: 'shrink', fresh: false }),
    { type: 'finished', result: resultOf() },
  ])
}

describe('the campaign reducer', () => {
  it('counts runs, shrinking races and interleavings, and follows the verdict', () => {
    let s = reduce([{ type: 'started', runs: 50, seed: 3, unsafe: ['claims'] }])
    expect(s).toMatchObject({ phase: 'searching', seed: 3, runsAsked: 50, unsafe: ['claims'] })
    s = reduce(
      [{ type: 'run-started', phase: 'search', scenario: big }, ended({ scenario: big })],
      s,
    )
    expect(s).toMatchObject({ runs: 1, shrinkRuns: 0, interleavings: 1, current: big })
    const violation = doubleClaimRace().check.violations[0]!
    s = reduce([ended({ scenario: big, held: false, operations: 300, violation })], s)
    expect(s.phase).toBe('shrinking')
    expect(s.firstFailure).toEqual({ run: 2, operations: 300, violation })
    s = reduce(
      [
        ended({ scenario: small, phase: 'shrink', held: false, operations: 7 }),
        ended({ scenario: big, phase: 'shrink', fresh: false }),
      ],
      s,
    )
    expect(s).toMatchObject({ runs: 2, shrinkRuns: 2, smaller: 1, interleavings: 3 })
    expect(s.smallest).toEqual({ scenario: small, operations: 7 })
    // Four races between the first event (at 1000 ms) and the last (at 1500 ms).
    expect(runsPerSecond(s)).toBeCloseTo(4 / 0.5, 5)
  })

  it('ends held when no run broke an invariant, and stopped when interrupted', () => {
    const result = { ...resultOf(), counterexample: null, path: null, firstFailure: null }
    expect(reduce([{ type: 'finished', result }]).phase).toBe('held')
    const stopped = reduce([{ type: 'finished', result: { ...result, interrupted: true } }])
    expect(stopped.phase).toBe('stopped')
    expect(stopped.timeline).toBeNull()
  })

  it('opens the counterexample as a timeline at its first step', () => {
    const s = found()
    expect(s.phase).toBe('found')
    expect(s.cursor).toBe(0)
    expect(s.timeline?.steps).toHaveLength(8)
    expect(s.timeline?.violation?.rule).toBe('one-claim-per-job')
  })
})

describe('stepping through the timeline with keys', () => {
  const press = (s: CampaignState, key: Partial<CampaignKey>) => {
    const decision = decideCampaignKey(s, { input: '', ...key })
    return decision.action ? campaignReducer(s, decision.action) : s
  }
  const presses = (s: CampaignState, keys: Partial<CampaignKey>[]) => keys.reduce(press, s)
  const stepText = (s: CampaignState) => s.timeline?.steps[s.cursor]?.text

  it('→ and ← move one operation, bounded at both ends', () => {
    let s = found()
    expect(stepText(s)).toBe('nemesis invoke create')
    s = press(s, { rightArrow: true })
    expect(stepText(s)).toBe('nemesis ok create J1')
    s = presses(
      s,
      Array.from({ length: 20 }, () => ({ rightArrow: true })),
    )
    expect(s.cursor).toBe(7)
    expect(stepText(s)).toBe('worker 0 ok finish J1')
    s = presses(
      s,
      Array.from({ length: 20 }, () => ({ leftArrow: true })),
    )
    expect(s.cursor).toBe(0)
  })

  it('↓ and ↑ jump between the violation operations; v jumps to where it breaks', () => {
    let s = press(found(), { downArrow: true })
    expect(stepText(s)).toBe('worker 0 invoke claim J1')
    s = presses(s, [{ downArrow: true }, { downArrow: true }, { downArrow: true }])
    expect(stepText(s)).toBe('worker 1 ok claim J1')
    expect(s.timeline?.steps[s.cursor]?.breaks).toBe(true)
    expect(s.timeline?.steps[s.cursor]?.jobs[0]).toMatchObject({ holders: [0, 1], claims: 2 })
    // No evidence after it: ↓ stays.
    expect(press(s, { downArrow: true }).cursor).toBe(s.cursor)
    s = press(s, { upArrow: true })
    expect(stepText(s)).toBe('worker 0 ok claim J1')
    s = presses(found(), [{ input: 'v' }])
    expect(stepText(s)).toBe('worker 1 ok claim J1')
  })

  it('End, Home, PgDn and g G move far; q quits; keys do nothing before a counterexample', () => {
    const s = found()
    expect(press(s, { end: true }).cursor).toBe(7)
    expect(press(press(s, { end: true }), { home: true }).cursor).toBe(0)
    expect(press(s, { input: 'G' }).cursor).toBe(7)
    expect(press(s, { pageDown: true }).cursor).toBe(7)
    expect(decideCampaignKey(s, { input: 'q' })).toEqual({ action: null, quit: true })
    const running = initialCampaignState(10)
    expect(decideCampaignKey(running, { input: '', rightArrow: true }).action).toBeNull()
    const quitting = campaignReducer(s, { type: 'quitting' } satisfies CampaignAction)
    expect(decideCampaignKey(quitting, { input: 'q' }).quit).toBe(false)
  })
})
