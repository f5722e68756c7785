// The live race: commands change what the fake sees (jobs pressed, workers added and removed,
// kills, faults, unsafe claims and modes, speed and pause on the virtual clock, the history
// saved), ticks carry the jobs and the live verdict (zombie moves an unsafe mode accepts
// included), and stop() checks the whole history and closes the fake.
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { fromJsonLines } from '../src/history.ts'
import { startLiveRace } from '../src/live.ts'
import type { LiveEvent, LiveRace } from '../src/live-types.ts'
import { scenario } from '../src/scenario.ts'
import { journalled } from './support.ts'

type TickEvent = Extract<LiveEvent, { type: 'tick' }>

function watch(race: LiveRace) {
  const events: LiveEvent[] = []
  race.subscribe((batch) => void events.push(...batch))
  const until = (predicate: () => boolean, what: string, timeoutMs = 15_000) =>
    vi.waitFor(
      () => {
        if (!predicate()) throw new Error(`timed out waiting for ${what}`)
      },
      { timeout: timeoutMs, interval: 20 },
    )
  const ticks = () => events.filter((e): e is TickEvent => e.type === 'tick')
  const of = <T extends LiveEvent['type']>(type: T) =>
    events.filter((e): e is Extract<LiveEvent, { type: T }> => e.type === type)
  return { events, until, ticks, of }
}

const live = (overrides: Parameters<typeof scenario>[1] = {}) =>
  scenario(4, {
    workers: 3,
    webhookWorkers: 1,
    jobs: 1_000_000,
    arrival: { batch: 1, everySeconds: 2 },
    items: [1, 3],
    ...overrides,
  })

/** Whether two workers reported items of the same job (each books its entries on the way). */
function reportedByTwo(events: readonly Extract<LiveEvent, { type: 'operation' }>[]): boolean {
  const by = new Map<string, Set<unknown>>()
  for (const { operation: op } of events) {
    if (op.type !== 'ok' || op.f !== 'put-items' || op.jobId === undefined) continue
    const workers = by.get(op.jobId) ?? new Set()
    workers.add(op.process)
    if (workers.size > 1) return true
    by.set(op.jobId, workers)
  }
  return false
}

describe('live race', () => {
  it('applies every command, and the fake records what they did', async () => {
    const { captured, environment } = journalled()
    const race = startLiveRace(live(), { speed: 16, environment })
    const w = watch(race)
    await w.until(() => w.of('worker-added').length === 3 && w.ticks().length > 0, 'start')
    race.send({ type: 'press-export', count: 4 })
    race.send({ type: 'add-worker' })
    await w.until(() => w.of('worker-added').length === 4, 'a fourth worker')
    race.send({ type: 'kill-random-worker' })
    await w.until(() => w.of('worker-killed').length === 1, 'a kill')
    // Removing the killed worker before it is back would not be a second kill.
    await w.until(() => w.of('worker-restarted').length === 1, 'the killed worker back')
    race.send({ type: 'remove-worker' })
    await w.until(() => w.of('worker-removed').length === 1, 'a removal')
    race.send({ type: 'set-faults', preset: 'harsh' })
    race.send({ type: 'set-speed', speed: 1000 })
    await w.until(
      () => w.of('settings').some((s) => s.faults === 'harsh' && s.speed === 256),
      'settings',
    )
    // Enough requests under the harsh faults that some of them meet one.
    const before = w.of('operation').length
    await w.until(() => w.of('operation').length >= before + 200, 'requests under harsh faults')
    const file = join(tmpdir(), `fake-pleo-live-${process.pid}.jsonl`)
    race.send({ type: 'save-history', file })
    await w.until(() => w.of('saved').length === 1, 'the save')
    const saved = fromJsonLines(readFileSync(file, 'utf8'))
    expect(saved.length).toBe(w.of('saved')[0]?.operations)
    rmSync(file)
    const summary = await race.stop()
    expect(await race.stop()).toBe(summary)
    expect(w.of('stopped')).toHaveLength(1)
    const pressed = captured.journal.filter(
      (e) => e.path === '/_sim/export-jobs' && e.status === 201,
    )
    expect(pressed.length).toBe(summary.jobs)
    expect(pressed.length).toBeGreaterThanOrEqual(4)
    expect(captured.journal.some((e) => e.fault !== null)).toBe(true)
    expect(summary.kills).toBe(2) // the kill, and the removal
    expect(summary.violations).toBe(0)
    expect(existsSync(file)).toBe(false)
  }, 40_000)

  it('stands the virtual clock still while paused', async () => {
    const race = startLiveRace(live(), { speed: 32 })
    const w = watch(race)
    await w.until(() => w.ticks().length > 1, 'ticks')
    race.send({ type: 'pause', paused: true })
    await w.until(() => w.ticks().some((t) => t.paused), 'a paused tick')
    const frozen = w.ticks().filter((t) => t.paused)
    await w.until(() => w.ticks().filter((t) => t.paused).length >= frozen.length + 3, 'more ticks')
    const paused = w.ticks().filter((t) => t.paused)
    expect(new Set(paused.map((t) => t.now)).size).toBe(1)
    race.send({ type: 'pause', paused: false })
    await w.until(() => (w.ticks().at(-1)?.now ?? 0) > (paused[0]?.now ?? 0), 'the clock to move')
    await race.stop()
  }, 30_000)

  it('shows double claims live when the server is switched to unsafe claims', async () => {
    const race = startLiveRace(
      live({ workers: 4, webhookWorkers: 4, arrival: { batch: 3, everySeconds: 2 } }),
      {
        speed: 64,
      },
    )
    const w = watch(race)
    race.send({ type: 'set-unsafe', unsafe: true })
    await w.until(() => w.ticks().some((t) => t.violationCount > 0), 'a live violation', 20_000)
    const first = w.ticks().find((t) => t.violationCount > 0)?.violations[0]
    expect(first?.invariant).toBe(1)
    // A double claim is live as soon as both `started` are accepted; the entries are booked twice
    // only once both workers have reported items, which a loaded machine may take a while to do.
    await w.until(
      () => reportedByTwo(w.of('operation')),
      'one job processed by two workers',
      20_000,
    )
    const summary = await race.stop()
    expect(summary.violations).toBeGreaterThan(0)
    expect(summary.doubleBooked).toBeGreaterThan(0)
  }, 40_000)

  it('shows a zombie move accepted live when the server is switched to an unsafe mode', async () => {
    const race = startLiveRace(live({ workers: 3, zombies: 20 }), { speed: 64 })
    const w = watch(race)
    race.send({ type: 'set-unsafe', unsafe: ['big-batches', 'second-final'] })
    await w.until(() => w.ticks().some((t) => t.violationCount > 0), 'a live violation', 20_000)
    const first = w.ticks().find((t) => t.violationCount > 0)?.violations[0]
    expect(first?.invariant).toBe(2)
    expect(first?.process).toBe('nemesis')
    const settings = w.of('settings').at(-1)
    expect(settings?.unsafeModes).toEqual(['big-batches', 'second-final'])
    const summary = await race.stop()
    expect(summary.zombies).toBeGreaterThan(0)
  }, 40_000)
})
