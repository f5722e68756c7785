// A small synthetic race for trying the view without the engine (and for the tmux end-to-end
// script): workers claim, lose and finish made-up jobs on a timer, ticks report the counts, and
// the commands act on it (add, remove, kill, export, faults, unsafe, speed, pause, save).
import type { UnsafeMode } from '@fake-pleo/contract'
import type { Scenario } from '@fake-pleo/race'
import type { LiveCommand, LiveEvent, LiveRace, WorkerTrigger } from '../../src/race-types.ts'
import { summaryOf } from './scripted-race.ts'

type Job = { id: string; status: string; createdAt: number; owner: number | null }

export function createDemoRace(scenario: Scenario, stepMs = 100): LiveRace {
  const listeners = new Set<(events: readonly LiveEvent[]) => void>()
  const settings = {
    faults: scenario.faults,
    unsafe: scenario.unsafe.length > 0,
    unsafeModes: scenario.unsafe as readonly UnsafeMode[],
    speed: 1,
    paused: false,
  }
  const jobs: Job[] = []
  const workers = new Map<number, WorkerTrigger>()
  let now = Date.parse('2026-01-05T09:00:00Z')
  let index = 0
  let nextWorker = 0
  let claimsWon = 0
  let steps = 0
  const out: LiveEvent[] = []
  const emit = (event: LiveEvent) => out.push(event)
  const operation = (
    process: number,
    type: 'invoke' | 'ok' | 'fail',
    f: 'claim' | 'finish',
    job: Job,
  ) =>
    emit({
      type: 'operation',
      operation: {
        index: index++,
        process,
        type,
        f,
        jobId: job.id,
        time: 0,
        sim: now,
        ...(type === 'fail' ? { value: { status: 422, error: 'EXPORT_JOB_ALREADY_STARTED' } } : {}),
      },
    })
  const addWorker = () => {
    const id = nextWorker++
    const trigger: WorkerTrigger = id < scenario.webhookWorkers ? 'webhook' : 'poll'
    workers.set(id, trigger)
    emit({ type: 'worker-added', worker: id, trigger })
  }
  const press = (count: number) => {
    for (let i = 0; i < count; i++) {
      const n = jobs.length + 1
      const id = `${((n * 2654435761) >>> 0).toString(16).padStart(8, '0')}-demo-${n}`
      jobs.unshift({ id, status: 'pending', createdAt: now, owner: null })
    }
  }
  const settingsChanged = () => emit({ type: 'settings', ...settings })

  const stepWorker = (id: number) => {
    const held = jobs.find((j) => j.owner === id && j.status === 'in_progress')
    if (held) {
      operation(id, 'invoke', 'finish', held)
      operation(id, 'ok', 'finish', held)
      held.status = 'completed'
      return
    }
    const pending = jobs.find((j) => j.status === 'pending')
    if (!pending) return
    operation(id, 'invoke', 'claim', pending)
    const rival = [...workers.keys()].find((w) => w !== id)
    if (rival !== undefined && index % 3 === 0) {
      operation(rival, 'invoke', 'claim', pending)
      operation(rival, 'fail', 'claim', pending)
    }
    operation(id, 'ok', 'claim', pending)
    pending.status = 'in_progress'
    pending.owner = id
    claimsWon++
  }

  const tick = () => {
    const counts = {
      pending: 0,
      in_progress: 0,
      completed: 0,
      completed_with_errors: 0,
      failed: 0,
      expired: 0,
    }
    for (const job of jobs) counts[job.status as keyof typeof counts]++
    const oldest = jobs.filter((j) => j.status === 'pending').at(-1)
    emit({
      type: 'tick',
      now,
      speed: settings.speed,
      paused: settings.paused,
      jobs: {
        counts,
        oldestPendingAgeMs: oldest ? now - oldest.createdAt : null,
        nextExpiryAt: oldest ? oldest.createdAt + scenario.expiresIn * 1000 : null,
        recent: jobs.slice(0, 12).map((j) => ({
          id: j.id,
          status: j.status,
          createdAt: new Date(j.createdAt).toISOString(),
        })),
      },
      violations: [],
      violationCount: 0,
      claimsWon,
    })
  }

  const step = () => {
    if (!settings.paused) {
      now += stepMs * settings.speed
      if (steps % 10 === 0) press(scenario.arrival.batch)
      for (const id of workers.keys()) if (Math.random() < 0.5) stepWorker(id)
    }
    if (steps++ % 3 === 0) tick()
    flush()
  }
  const flush = () => {
    if (out.length === 0) return
    const events = out.splice(0)
    for (const listener of listeners) listener(events)
  }

  const commands: Record<LiveCommand['type'], (command: never) => void> = {
    'add-worker': addWorker,
    'remove-worker': () => {
      const last = [...workers.keys()].at(-1)
      if (last === undefined) return
      workers.delete(last)
      emit({ type: 'worker-removed', worker: last })
    },
    'kill-random-worker': () => {
      const first = [...workers.keys()][0]
      if (first !== undefined) emit({ type: 'worker-killed', worker: first })
    },
    'press-export': (c: { count?: number }) => press(c.count ?? scenario.arrival.batch),
    'set-faults': (c: { preset: Scenario['faults'] }) => (
      (settings.faults = c.preset),
      settingsChanged()
    ),
    'set-unsafe': (c: { unsafe: boolean | readonly UnsafeMode[] }) => {
      settings.unsafeModes = c.unsafe === true ? ['claims'] : c.unsafe === false ? [] : c.unsafe
      settings.unsafe = settings.unsafeModes.length > 0
      settingsChanged()
    },
    'set-speed': (c: { speed: number }) => ((settings.speed = c.speed), settingsChanged()),
    pause: (c: { paused: boolean }) => ((settings.paused = c.paused), settingsChanged()),
    'save-history': (c: { file: string }) =>
      emit({ type: 'saved', file: c.file, operations: index }),
  }

  for (let i = 0; i < scenario.workers; i++) addWorker()
  const timer = setInterval(step, stepMs)
  return {
    scenario,
    send: (command) => commands[command.type](command as never),
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    stop() {
      clearInterval(timer)
      return Promise.resolve(summaryOf({ claimsWon, jobs: jobs.length }))
    },
  }
}
