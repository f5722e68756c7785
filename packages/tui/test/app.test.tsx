// The App rendered by ink-testing-library against a scripted race: the main frames (initial,
// mid-race, an unsafe violation, paused), the keys and the commands they send, quitting, and
// the 80-column frame.
import { render } from 'ink-testing-library'
import { afterEach, describe, expect, it } from 'vitest'
import { App } from '../src/app.tsx'
import type { RaceSummary } from '../src/race-types.ts'
import { doubleClaim, shortRace, tick } from './support/events.ts'
import { scriptedRace } from './support/scripted-race.ts'
import { frameText, renderAt, waitFor } from './support/frames.ts'

const unmounts: (() => void)[] = []
afterEach(() => {
  for (const unmount of unmounts.splice(0)) unmount()
})

function mount(race = scriptedRace()) {
  const onExit: (RaceSummary | undefined)[] = []
  const view = render(<App race={race} throttleMs={5} onExit={(s) => onExit.push(s)} />)
  unmounts.push(view.unmount)
  const frame = () => frameText(view.lastFrame())
  return { race, view, frame, onExit }
}

describe('App frames', () => {
  it('shows the header, safe server and key help before any event', async () => {
    const { frame } = mount()
    await waitFor(() => frame().includes('fake-pleo race'))
    expect(frame()).toContain('seed 42')
    expect(frame()).toContain('✓ SAFE server')
    expect(frame()).toContain('✓ 0 violations')
    expect(frame()).toContain('q quit')
    expect(frame()).toContain('waiting for the first tick')
    expect(frame()).toContain('◌ starting')
    expect(frame()).not.toContain('▶ running')
  })

  it('says running only once the first tick has come', async () => {
    const { race, frame } = mount()
    race.push({ type: 'worker-added', worker: 0, trigger: 'webhook' })
    await waitFor(() => frame().includes('· 1 workers'))
    expect(frame()).toContain('◌ starting')
    race.push(tick())
    await waitFor(() => frame().includes('▶ running'))
    expect(frame()).not.toContain('◌ starting')
  })

  it('shows workers, jobs and the log mid-race', async () => {
    const { race, frame } = mount()
    race.push(...shortRace())
    await waitFor(() => frame().includes('oldest pending 12s'))
    const text = frame()
    expect(text).toMatch(/w0\s+webhook\s+· idle\s+-\s+1\s+0\s+1/)
    expect(text).toMatch(/w1\s+poll\s+! backing off\s+-\s+0\s+1\s+0/)
    expect(text).toContain('next expiry in 1m 58s')
    expect(text).toContain('2026-01-05T09:00:05Z')
    expect(text).toContain('·job-bbbb')
    expect(text).toContain('• worker 0 added')
  })

  it('shows an unsafe server and the first violation in the header and the log', async () => {
    const { race, frame } = mount()
    race.push({ type: 'settings', faults: 'none', unsafe: true, speed: 1, paused: false })
    race.push(tick({ violations: [doubleClaim], violationCount: 1 }))
    await waitFor(() => frame().includes('1 violation:'))
    expect(frame()).toContain('! UNSAFE server')
    expect(frame()).toContain('✗ 1 violation: job job-aaaa1111')
    expect(frame()).toContain(`✗ VIOLATION one-claim-per-job: ${doubleClaim.message}`)
  })

  it('shows the paused marker once the race reports it', async () => {
    const { race, frame } = mount()
    race.push(tick({ paused: true, speed: 8 }))
    await waitFor(() => frame().includes('⏸ PAUSED'))
    expect(frame()).toContain('×8')
  })
})

describe('App keys', () => {
  it('sends the commands of + - k e f ] [ space s', async () => {
    const { race, view, frame } = mount()
    await waitFor(() => frame().includes('fake-pleo race'))
    for (const key of ['+', '-', 'k', 'e', 'f', ']', ']', '[', ' ', 's']) view.stdin.write(key)
    await waitFor(() => race.sent.length === 10)
    expect(race.sent).toEqual([
      { type: 'add-worker' },
      { type: 'remove-worker' },
      { type: 'kill-random-worker' },
      { type: 'press-export' },
      { type: 'set-faults', preset: 'mild' },
      { type: 'set-speed', speed: 2 },
      { type: 'set-speed', speed: 4 },
      { type: 'set-speed', speed: 2 },
      { type: 'pause', paused: true },
      { type: 'save-history', file: 'race-42-1.jsonl' },
    ])
    await waitFor(() => frame().includes('⏸ PAUSED'))
    race.push({ type: 'saved', file: 'race-42-1.jsonl', operations: 12 })
    await waitFor(() => frame().includes('✓ saved 12 operations to race-42-1.jsonl'))
  })

  it('asks before turning unsafe on, and cancels on another key', async () => {
    const { race, view, frame } = mount()
    await waitFor(() => frame().includes('fake-pleo race'))
    view.stdin.write('u')
    await waitFor(() => frame().includes('Press u again to confirm'))
    expect(race.sent).toEqual([])
    view.stdin.write('x')
    await waitFor(() => !frame().includes('Press u again'))
    expect(race.sent).toEqual([])
    view.stdin.write('u')
    await waitFor(() => frame().includes('Press u again to confirm'))
    view.stdin.write('u')
    await waitFor(() => race.sent.length === 1)
    expect(race.sent).toEqual([{ type: 'set-unsafe', unsafe: true }])
    await waitFor(() => frame().includes('! UNSAFE server'))
  })

  it('cycles to the next unsafe mode, naming what it breaks, and shows its violation', async () => {
    const { race, view, frame } = mount()
    race.push({ type: 'settings', faults: 'none', unsafe: true, speed: 1, paused: false })
    await waitFor(() => frame().includes('! UNSAFE server (claims)'))
    view.stdin.write('u')
    await waitFor(() => frame().includes('UNSAFE late-items: item updates are accepted after'))
    expect(race.sent).toEqual([])
    view.stdin.write('u')
    await waitFor(() => race.sent.length === 1)
    expect(race.sent).toEqual([{ type: 'set-unsafe', unsafe: ['late-items'] }])
    await waitFor(() => frame().includes('! UNSAFE server (late-items)'))
    const late = {
      invariant: 2 as const,
      rule: 'nothing-after-end',
      message:
        "the nemesis's put-items of job job-aaaa was accepted although it was sent after operation 7 had read the job completed",
      jobId: 'job-aaaa',
      process: 'nemesis' as const,
      operations: [],
    }
    race.push(tick({ violations: [late], violationCount: 1 }))
    await waitFor(() => frame().includes('✗ 1 violation'))
    expect(frame()).toContain('put-items of job job-aaaa was accepted')
  })

  it('stops the race and exits on q', async () => {
    const { race, view, onExit } = mount()
    view.stdin.write('q')
    await waitFor(() => onExit.length === 1)
    expect(race.stopped).toBe(true)
    expect(onExit[0]?.claimsWon).toBe(0)
  })

  it('stops the race on Ctrl-C', async () => {
    const { race, view, onExit } = mount()
    view.stdin.write('\u0003')
    await waitFor(() => onExit.length === 1)
    expect(race.stopped).toBe(true)
  })

  it('restarts with a fresh race on r', async () => {
    const first = scriptedRace()
    const second = scriptedRace()
    const view = render(<App race={first} restart={() => second} throttleMs={5} />)
    unmounts.push(view.unmount)
    first.push(...shortRace())
    await waitFor(() => frameText(view.lastFrame()).includes('w1'))
    view.stdin.write('r')
    await waitFor(() => first.stopped && frameText(view.lastFrame()).includes('no workers'))
    second.push({ type: 'worker-added', worker: 7, trigger: 'poll' })
    await waitFor(() => frameText(view.lastFrame()).includes('w7'))
  })
})

describe('App at 80 columns', () => {
  it('keeps every line within 80 characters, with more workers than rows', async () => {
    const race = scriptedRace()
    const view = renderAt(<App race={race} throttleMs={5} />, { columns: 80, rows: 24 })
    unmounts.push(view.unmount)
    race.push(...shortRace())
    for (let worker = 2; worker < 40; worker++)
      race.push({ type: 'worker-added', worker, trigger: 'poll' })
    race.push({ type: 'settings', faults: 'harsh', unsafe: true, speed: 256, paused: true })
    race.push(tick({ violations: [doubleClaim], violationCount: 1, paused: true, speed: 256 }))
    await waitFor(() => view.frame().includes('more'))
    const lines = view.frame().split('\n')
    expect(lines.length).toBeGreaterThan(10)
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80)
    expect(view.frame()).toMatch(/\+\d+ more/)
  })
})
