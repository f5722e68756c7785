// The race reducer without rendering: every live event kind, the commands the keys send, the
// unsafe confirmation, quitting and restarting, throughput and the log's bounds.
import { scenario } from '@fake-pleo/race'
import { describe, expect, it } from 'vitest'
import { maxLogLines, routinePerSecond } from '../src/log.ts'
import { initialState, raceReducer, type RaceAction, type RaceState } from '../src/race-reducer.ts'
import type { LiveEvent, Operation } from '../src/race-types.ts'
import { describeActivity, type WorkerRow } from '../src/workers.ts'
import { doubleClaim, jobsSnapshot, op, shortRace, tick } from './support/events.ts'
import { summaryOf } from './support/scripted-race.ts'

const start = () => initialState(scenario(42))
const batch = (state: RaceState, events: LiveEvent[], at = 0) =>
  raceReducer(state, { type: 'events', events, at })
const run = (actions: RaceAction[], state = start()) => actions.reduce(raceReducer, state)
const worker = (state: RaceState, id: number): WorkerRow => {
  const row = state.workers.get(id)
  if (!row) throw new Error(`no worker ${id}`)
  return row
}
const logText = (state: RaceState) => state.log.lines.map((l) => l.text)

describe('worker rows from operations', () => {
  const job = 'job-aaaa1111'
  it('follows a worker through listing, verifying, claiming, processing and completing', () => {
    let s = batch(start(), [op({ process: 0, type: 'invoke', f: 'list', value: { page: 1 } })])
    expect(worker(s, 0).activity).toBe('listing')
    s = batch(s, [op({ process: 0, type: 'invoke', f: 'get', jobId: job })])
    expect(worker(s, 0).activity).toBe('verifying')
    s = batch(s, [op({ process: 0, type: 'invoke', f: 'claim', jobId: job })])
    expect(worker(s, 0).activity).toBe('claiming')
    s = batch(s, [op({ process: 0, type: 'ok', f: 'claim', jobId: job })])
    expect(worker(s, 0)).toMatchObject({ activity: 'processing', jobId: job, won: 1 })
    const items = [1, 2, 3].map((n) => ({ accountingEntryId: `e${n}`, status: 'successful' }))
    s = batch(s, [
      op({ process: 0, type: 'invoke', f: 'put-items', jobId: job, value: { items } }),
      op({ process: 0, type: 'ok', f: 'put-items', jobId: job }),
    ])
    expect(describeActivity(worker(s, 0))).toBe('processing, 3 reported')
    s = batch(s, [op({ process: 0, type: 'invoke', f: 'finish', jobId: job })])
    expect(worker(s, 0).activity).toBe('completing')
    s = batch(s, [op({ process: 0, type: 'ok', f: 'finish', jobId: job })])
    expect(worker(s, 0)).toMatchObject({ activity: 'idle', jobId: null, completed: 1 })
  })

  it('backs off and counts a loss on a 422 claim, until the next invoke', () => {
    let s = batch(start(), [
      op({ process: 1, type: 'invoke', f: 'claim', jobId: job }),
      op({ process: 1, type: 'fail', f: 'claim', jobId: job, value: { status: 422, error: 'X' } }),
    ])
    expect(worker(s, 1)).toMatchObject({ activity: 'backing off', lost: 1, won: 0 })
    expect(logText(s)).toContain('✗ worker 1 lost job-aaaa (422)')
    s = batch(s, [op({ process: 1, type: 'invoke', f: 'list' })])
    expect(worker(s, 1).activity).toBe('listing')
  })

  it('keeps the last error of a failed request, and a 503 claim is not a loss', () => {
    const s = batch(start(), [
      op({ process: 0, type: 'fail', f: 'claim', jobId: job, value: { status: 503, error: 'X' } }),
      op({ process: 0, type: 'fail', f: 'put-items', value: { status: 422, error: 'UNPROC' } }),
    ])
    expect(worker(s, 0)).toMatchObject({ lost: 0, lastError: 'put-items: 422 UNPROC' })
  })

  it('goes idle on an empty listing, crashes and restarts, ignores the nemesis', () => {
    let s = batch(start(), [op({ process: 2, type: 'ok', f: 'list', value: { jobs: [] } })])
    expect(worker(s, 2).activity).toBe('idle')
    s = batch(s, [op({ process: 2, type: 'info', f: 'crash' })])
    expect(worker(s, 2).activity).toBe('crashed')
    expect(logText(s)).toContain('✗ worker 2 crashed')
    s = batch(s, [op({ process: 2, type: 'info', f: 'restart' })])
    expect(worker(s, 2).activity).toBe('idle')
    s = batch(s, [op({ process: 'nemesis', type: 'info', f: 'create' })])
    expect([...s.workers.keys()]).toEqual([2])
  })
})

describe('pass reports and worker events', () => {
  it('refines a row from its pass report', () => {
    const error = { status: 0, type: 'NETWORK_ERROR', message: 'down' }
    let s = batch(start(), [
      { type: 'pass', worker: 0, report: { kind: 'error', error, lostRaces: [] } },
    ])
    expect(worker(s, 0).lastError).toBe('0 NETWORK_ERROR')
    s = batch(s, [op({ process: 0, type: 'ok', f: 'claim', jobId: 'j1' })])
    s = batch(s, [
      { type: 'pass', worker: 0, report: { kind: 'expired', jobId: 'j1', lostRaces: [] } },
    ])
    expect(worker(s, 0)).toMatchObject({ activity: 'idle', jobId: null, lastError: 'job expired' })
    const failed = {
      kind: 'failed',
      jobId: 'j2',
      failureReasonType: 'accounting_system_unreachable',
      failureReason: 'ledger down',
      lostRaces: [] as string[],
    } as const
    s = batch(s, [{ type: 'pass', worker: 0, report: failed }])
    expect(worker(s, 0).lastError).toBe('ledger down')
    s = batch(s, [{ type: 'pass', worker: 0, report: { kind: 'idle', lostRaces: [] } }])
    expect(worker(s, 0).activity).toBe('idle')
  })

  it('adds, kills, restarts and removes workers', () => {
    let s = batch(start(), [{ type: 'worker-added', worker: 3, trigger: 'webhook' }])
    expect(worker(s, 3)).toMatchObject({ trigger: 'webhook', activity: 'idle' })
    s = batch(s, [{ type: 'worker-killed', worker: 3 }])
    expect(worker(s, 3).activity).toBe('crashed')
    s = batch(s, [{ type: 'worker-restarted', worker: 3 }])
    expect(worker(s, 3).activity).toBe('idle')
    s = batch(s, [{ type: 'worker-removed', worker: 3 }])
    expect(s.workers.size).toBe(0)
    expect(logText(s)).toEqual([
      '• worker 3 added',
      '• worker 3 killed',
      '• worker 3 restarted',
      '• worker 3 removed',
    ])
  })
})

describe('ticks and the verdict', () => {
  it('takes the clock, the jobs and the claims won from a tick', () => {
    const s = batch(start(), shortRace())
    expect(s.now).toBe(Date.parse('2026-01-05T09:00:05Z'))
    expect(s.jobs?.counts.pending).toBe(3)
    expect(s.claimsWon).toBe(1)
    expect(s.violationCount).toBe(0)
  })

  it('turns the verdict red with the first violation, logged once', () => {
    let s = batch(start(), [tick({ violations: [doubleClaim], violationCount: 1 })])
    s = batch(s, [tick({ violations: [doubleClaim], violationCount: 1 })])
    expect(s.violationCount).toBe(1)
    expect(s.firstViolation?.message).toBe(doubleClaim.message)
    const lines = s.log.lines.filter((l) => l.text.includes('VIOLATION'))
    expect(lines).toHaveLength(1)
    expect(lines[0]?.tone).toBe('bad')
  })

  it('logs expiries from the growing expired count', () => {
    const expired = (n: number) =>
      tick({ jobs: jobsSnapshot({ counts: { ...jobsSnapshot().counts, expired: n } }) })
    let s = batch(start(), [expired(0)])
    s = batch(s, [expired(3)], 2000)
    expect(logText(s)).toContain('! 3 jobs expired')
  })

  it('computes claims per second of real time from the ticks', () => {
    let s = batch(start(), [tick({ claimsWon: 0 })], 1000)
    s = batch(s, [tick({ claimsWon: 10 })], 3000)
    expect(s.throughput).toBeCloseTo(5)
    s = batch(s, [tick({ claimsWon: 10 })], 9000)
    expect(s.throughput).toBe(0)
  })
})

describe('other events', () => {
  it('applies settings, saves, deliveries, errors, stops and restarts', () => {
    let s = batch(start(), [
      { type: 'settings', faults: 'harsh', unsafe: true, speed: 16, paused: true },
      { type: 'saved', file: 'race-42-1.jsonl', operations: 120 },
      { type: 'delivery', worker: 1, status: null, fault: 'drop' },
      { type: 'delivery', worker: 1, status: 204, fault: null },
      { type: 'error', message: 'boom' },
      { type: 'worker-added', worker: 0, trigger: 'poll' },
      { type: 'stopped', summary: summaryOf({ claimsWon: 7 }) },
    ])
    // A settings event that does not name its modes is the original unsafe server: claims.
    expect(s.settings).toEqual({
      faults: 'harsh',
      unsafe: true,
      unsafeModes: ['claims'],
      speed: 16,
      paused: true,
    })
    expect(s.summary?.claimsWon).toBe(7)
    expect(s.lastSaved).toEqual({ file: 'race-42-1.jsonl', operations: 120 })
    expect(logText(s)).toEqual(
      expect.arrayContaining([
        '⚙ faults harsh · UNSAFE claims · ×16 · paused',
        '✓ saved 120 operations to race-42-1.jsonl',
        '! delivery to worker 1: drop (no answer)',
        '! boom',
        '■ stopped',
      ]),
    )
    expect(logText(s).filter((t) => t.includes('delivery'))).toHaveLength(1)
    s = batch(s, [{ type: 'restarted', scenario: scenario(7) }])
    expect(s.scenario.seed).toBe(7)
    expect(s.workers.size).toBe(0)
    expect(logText(s).at(-1)).toBe('↻ restarted with seed 7')
  })
})

describe('the log bounds', () => {
  it('summarises a burst of claims in one line', () => {
    const claims = Array.from({ length: 37 }, (_, i) =>
      op({ process: i % 4, type: 'ok', f: 'claim', jobId: `job-${i}` }),
    )
    const s = batch(start(), claims)
    expect(logText(s)).toEqual(['✓ +37 claims won'])
  })

  it('writes at most `routinePerSecond` routine lines a second and keeps the rest for later', () => {
    let s = start()
    for (let i = 0; i < 20; i++)
      s = batch(s, [op({ process: 0, type: 'ok', f: 'claim', jobId: `j${i}` })], 10 + i * 10)
    expect(s.log.lines).toHaveLength(routinePerSecond)
    s = batch(s, [], 1500)
    expect(logText(s).at(-1)).toBe(`✓ +${20 - routinePerSecond} claims won`)
  })

  it('drops lines already shown once the log is long, and bumps the epoch', () => {
    let s = start()
    for (let i = 0; i <= maxLogLines; i++) s = batch(s, [{ type: 'error', message: `e${i}` }])
    expect(s.log.epoch).toBe(1)
    expect(logText(s)).toEqual([`! e${maxLogLines}`])
  })
})

describe('key actions', () => {
  it('applies sent commands before the race confirms them', () => {
    const s = run([
      { type: 'sent', command: { type: 'set-faults', preset: 'mild' } },
      { type: 'sent', command: { type: 'set-speed', speed: 4 } },
      { type: 'sent', command: { type: 'pause', paused: true } },
      { type: 'sent', command: { type: 'save-history', file: 'x' } },
      { type: 'sent', command: { type: 'add-worker' } },
    ])
    expect(s.settings).toEqual({
      faults: 'mild',
      unsafe: false,
      unsafeModes: [],
      speed: 4,
      paused: true,
    })
    expect(s.saves).toBe(1)
  })

  it('asks to confirm unsafe, cancels, confirms, quits and resets', () => {
    let s = run([{ type: 'confirm-unsafe' }])
    expect(s.confirm).toBe('unsafe')
    expect(run([{ type: 'cancel-confirm' }], s).confirm).toBe(null)
    expect(run([{ type: 'confirm-unsafe', mode: 'late-items' }], s).confirmMode).toBe('late-items')
    s = run([{ type: 'sent', command: { type: 'set-unsafe', unsafe: true } }], s)
    expect(s).toMatchObject({ confirm: null, settings: { unsafe: true, unsafeModes: ['claims'] } })
    const late = run([{ type: 'sent', command: { type: 'set-unsafe', unsafe: ['late-items'] } }], s)
    expect(late).toMatchObject({ settings: { unsafe: true, unsafeModes: ['late-items'] } })
    const logged = batch(late, [
      {
        type: 'settings',
        faults: 'none',
        unsafe: true,
        unsafeModes: ['late-items'],
        speed: 1,
        paused: false,
      },
    ])
    expect(logText(logged)).toContain('⚙ faults none · UNSAFE late-items · ×1')
    expect(run([{ type: 'quitting' }], s).stopping).toBe(true)
    const reset = run([{ type: 'reset', scenario: scenario(9) }], batch(s, shortRace()))
    expect(reset).toMatchObject({ claimsWon: 0, jobs: null, scenario: { seed: 9 } })
    expect(reset.workers.size).toBe(0)
  })
})

describe('zombie moves', () => {
  it('logs a zombie move and a paused worker, and marks the row paused', () => {
    const at = (index: number, fields: Partial<Operation>): Operation =>
      ({ index, process: 'nemesis', type: 'info', time: 0, sim: 0, ...fields }) as Operation
    const s = batch(start(), [
      { type: 'worker-added', worker: 1, trigger: 'poll' },
      {
        type: 'operation',
        operation: at(1, { f: 'zombie', jobId: 'abcdef0123', value: { move: 'late-items' } }),
      },
      { type: 'operation', operation: at(2, { f: 'pause', process: 1, value: { seconds: 125 } }) },
    ])
    expect(logText(s)).toEqual(
      expect.arrayContaining([
        '☠ zombie late-items abcdef01',
        "⏸ worker 1 paused past its job's window (zombie)",
      ]),
    )
    expect(s.workers.get(1)?.activity).toBe('paused')
  })
})
