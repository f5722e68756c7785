// The view's whole state and the one reducer that changes it: a throttled batch of the race's
// events, the commands the keys sent (applied at once, before the race confirms them), the unsafe
// confirmation, quitting and restarting. Components only render this state.
import { failureOf, applyOperation, applyPass, applyWorkerEvent } from './workers.ts'
import type { Workers, WorkersDraft } from './workers.ts'
import { flushRoutine, initialLog, noteRoutine, trimLog, writeLine, type LogState } from './log.ts'
import type {
  FaultPreset,
  JobsSnapshot,
  LiveCommand,
  LiveEvent,
  Operation,
  RaceSummary,
  Scenario,
  Violation,
} from './race-types.ts'
import type { UnsafeMode } from '@fake-pleo/contract'

export type Settings = {
  faults: FaultPreset
  unsafe: boolean
  /** The unsafe modes on (empty with `unsafe`: a race that did not name them, i.e. claims). */
  unsafeModes: readonly UnsafeMode[]
  speed: number
  paused: boolean
}
type Sample = { at: number; claimsWon: number }

export type RaceState = {
  scenario: Scenario
  workers: Workers
  settings: Settings
  /** The virtual clock, epoch ms (null until the first tick). */
  now: number | null
  jobs: JobsSnapshot | null
  violationCount: number
  firstViolation: Violation | null
  claimsWon: number
  /** Claims won at real times (ms), the last few seconds of them. */
  samples: Sample[]
  /** Claims per second of real time over `samples`. */
  throughput: number
  log: LogState
  confirm: 'unsafe' | null
  /** The unsafe mode the confirmation asks about. */
  confirmMode: UnsafeMode | null
  saves: number
  /** The last history the race saved (`saved` event). */
  lastSaved: { file: string; operations: number } | null
  stopping: boolean
  summary: RaceSummary | null
}

export type RaceAction =
  | { type: 'events'; events: readonly LiveEvent[]; at: number }
  | { type: 'sent'; command: LiveCommand }
  | { type: 'confirm-unsafe'; mode?: UnsafeMode }
  | { type: 'cancel-confirm' }
  | { type: 'quitting' }
  | { type: 'reset'; scenario: Scenario }

const throughputWindowMs = 5000

export function initialState(scenario: Scenario): RaceState {
  return {
    scenario,
    workers: new Map(),
    settings: {
      faults: scenario.faults,
      unsafe: scenario.unsafe.length > 0,
      unsafeModes: scenario.unsafe,
      speed: 1,
      paused: false,
    },
    now: null,
    jobs: null,
    violationCount: 0,
    firstViolation: null,
    claimsWon: 0,
    samples: [],
    throughput: 0,
    log: initialLog,
    confirm: null,
    confirmMode: null,
    saves: 0,
    lastSaved: null,
    stopping: false,
    summary: null,
  }
}

export const shortId = (id: string | undefined | null): string => (id ? id.slice(0, 8) : '-')

/** A zombie move's name and job, from its `zombie` record. */
const zombieMove = (op: Operation): string => {
  const move = op.value && typeof op.value === 'object' && 'move' in op.value ? op.value.move : ''
  return `${String(move)}${op.jobId ? ` ${shortId(op.jobId)}` : ''}`
}

function onOperation(state: RaceState, op: Operation, draft: WorkersDraft): RaceState {
  applyOperation(draft, op)
  let log = state.log
  const who = `worker ${String(op.process)}`
  if (op.f === 'claim' && op.type === 'ok')
    log = noteRoutine(log, 'claims', `✓ ${who} claimed ${shortId(op.jobId)}`)
  else if (op.f === 'claim' && op.type === 'fail' && failureOf(op)?.status === 422)
    log = noteRoutine(log, 'conflicts', `✗ ${who} lost ${shortId(op.jobId)} (422)`)
  else if (op.f === 'finish' && op.type === 'ok')
    log = noteRoutine(log, 'completions', `✓ ${who} finished ${shortId(op.jobId)}`)
  else if (op.f === 'crash') log = writeLine(log, `✗ ${who} crashed`, 'bad')
  else if (op.f === 'restart') log = writeLine(log, `↻ ${who} restarted`, 'info')
  else if (op.f === 'zombie') log = writeLine(log, `☠ zombie ${zombieMove(op)}`, 'info')
  else if (op.f === 'pause')
    log = writeLine(log, `⏸ ${who} paused past its job's window (zombie)`, 'info')
  return { ...state, log }
}

type Tick = Extract<LiveEvent, { type: 'tick' }>

function onTick(state: RaceState, tick: Tick): RaceState {
  let log = state.log
  const expiredBefore = state.jobs?.counts.expired ?? 0
  log = noteRoutine(log, 'expiries', null, tick.jobs.counts.expired - expiredBefore)
  const seen = new Set(log.seenViolations)
  for (const violation of tick.violations) {
    const key = `${violation.rule}|${violation.message}`
    if (seen.has(key)) continue
    seen.add(key)
    log = writeLine(log, `✗ VIOLATION ${violation.rule}: ${violation.message}`, 'bad')
  }
  log = { ...log, seenViolations: [...seen] }
  return {
    ...state,
    now: tick.now,
    settings: { ...state.settings, speed: tick.speed, paused: tick.paused },
    jobs: tick.jobs,
    violationCount: tick.violationCount,
    firstViolation: tick.violations[0] ?? state.firstViolation,
    claimsWon: tick.claimsWon,
    log,
  }
}

/** `UNSAFE`, with the modes when they are known, or `safe`. */
const describeUnsafe = (s: Pick<Settings, 'unsafe' | 'unsafeModes'>) =>
  !s.unsafe ? 'safe' : s.unsafeModes.length > 0 ? `UNSAFE ${s.unsafeModes.join(', ')}` : 'UNSAFE'

const describeSettings = (s: Settings) =>
  `⚙ faults ${s.faults} · ${describeUnsafe(s)} · ×${s.speed}${s.paused ? ' · paused' : ''}`

/** One event; worker rows change in `draft`, which becomes the state's rows after the batch. */
function onEvent(state: RaceState, event: LiveEvent, draft: WorkersDraft): RaceState {
  switch (event.type) {
    case 'operation':
      return onOperation(state, event.operation, draft)
    case 'pass':
      applyPass(draft, event.worker, event.report)
      return state
    case 'worker-added':
    case 'worker-removed':
    case 'worker-killed':
    case 'worker-restarted': {
      applyWorkerEvent(draft, event)
      const verb = event.type.slice('worker-'.length)
      const tone = event.type === 'worker-killed' ? 'bad' : 'info'
      return { ...state, log: writeLine(state.log, `• worker ${event.worker} ${verb}`, tone) }
    }
    case 'delivery': {
      if (event.fault === null) return state
      const to = event.worker === null ? 'nobody' : `worker ${event.worker}`
      const detail = `! delivery to ${to}: ${event.fault} (${event.status ?? 'no answer'})`
      return { ...state, log: noteRoutine(state.log, 'deliveries', detail) }
    }
    case 'tick':
      return onTick(state, event)
    case 'settings': {
      const { faults, unsafe, speed, paused } = event
      const unsafeModes = event.unsafeModes ?? (unsafe ? ['claims' as const] : [])
      const settings = { faults, unsafe, unsafeModes, speed, paused }
      const tone = unsafe ? 'bad' : 'info'
      return { ...state, settings, log: writeLine(state.log, describeSettings(settings), tone) }
    }
    case 'saved': {
      const text = `✓ saved ${event.operations} operations to ${event.file}`
      const lastSaved = { file: event.file, operations: event.operations }
      return { ...state, lastSaved, log: writeLine(state.log, text, 'good') }
    }
    case 'restarted':
      draft.clear()
      return resetFor(state, event.scenario)
    case 'stopped':
      return { ...state, summary: event.summary, log: writeLine(state.log, '■ stopped', 'info') }
    case 'error':
      return { ...state, log: writeLine(state.log, `! ${event.message}`, 'bad') }
  }
}

/** A fresh race with the log (already on screen) kept. */
function resetFor(state: RaceState, scenario: Scenario): RaceState {
  const log = writeLine(state.log, `↻ restarted with seed ${scenario.seed}`, 'info')
  const kept = { saves: state.saves, lastSaved: state.lastSaved }
  return { ...initialState(scenario), ...kept, log: { ...log, seenViolations: [] } }
}

function withThroughput(state: RaceState, at: number): RaceState {
  const samples = [...state.samples, { at, claimsWon: state.claimsWon }].filter(
    (s) => at - s.at <= throughputWindowMs,
  )
  const first = samples[0]
  const seconds = first ? (at - first.at) / 1000 : 0
  const throughput = first && seconds > 0 ? (state.claimsWon - first.claimsWon) / seconds : 0
  return { ...state, samples, throughput: Math.max(0, throughput) }
}

function applyBatch(state: RaceState, events: readonly LiveEvent[], at: number): RaceState {
  const shownBefore = state.log.lines.length
  const draft: WorkersDraft = new Map(state.workers)
  let next = state
  for (const event of events) next = onEvent(next, event, draft)
  next = withThroughput({ ...next, workers: draft }, at)
  return { ...next, log: trimLog(flushRoutine(next.log, at), shownBefore) }
}

/** The settings a command changes, applied before the race confirms them. */
function applySent(state: RaceState, command: LiveCommand): RaceState {
  const s = state.settings
  switch (command.type) {
    case 'set-faults':
      return { ...state, settings: { ...s, faults: command.preset } }
    case 'set-unsafe': {
      const { unsafe } = command
      const unsafeModes = unsafe === true ? ['claims' as const] : unsafe === false ? [] : unsafe
      const settings = { ...s, unsafe: unsafeModes.length > 0, unsafeModes }
      return { ...state, settings, confirm: null, confirmMode: null }
    }
    case 'set-speed':
      return { ...state, settings: { ...s, speed: command.speed } }
    case 'pause':
      return { ...state, settings: { ...s, paused: command.paused } }
    case 'save-history':
      return { ...state, saves: state.saves + 1 }
    default:
      return state
  }
}

export function raceReducer(state: RaceState, action: RaceAction): RaceState {
  switch (action.type) {
    case 'events':
      return applyBatch(state, action.events, action.at)
    case 'sent':
      return applySent(state, action.command)
    case 'confirm-unsafe':
      return { ...state, confirm: 'unsafe', confirmMode: action.mode ?? 'claims' }
    case 'cancel-confirm':
      return { ...state, confirm: null, confirmMode: null }
    case 'quitting':
      return { ...state, stopping: true }
    case 'reset':
      return resetFor(state, action.scenario)
  }
}
