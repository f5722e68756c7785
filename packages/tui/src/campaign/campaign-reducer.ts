// The campaign view's whole state and the one reducer that changes it: the campaign's events
// (runs started and ended, the result), and once a counterexample is found, stepping through its
// timeline (one operation, the next or previous operation of the violation's evidence, ten at a
// time, the start, the end, where the invariant breaks). Components only render this state.
import { buildTimeline } from '@fake-pleo/race'
import type { CampaignEvent, CampaignResult, Scenario, Timeline, Violation } from '@fake-pleo/race'
import type { UnsafeMode } from '@fake-pleo/contract'

type ViewPhase = 'starting' | 'searching' | 'shrinking' | 'held' | 'found' | 'stopped'

export type CampaignState = {
  phase: ViewPhase
  runsAsked: number
  seed: number | null
  unsafe: readonly UnsafeMode[]
  runs: number
  shrinkRuns: number
  /** Smaller failing scenarios found while shrinking. */
  smaller: number
  interleavings: number
  /** Real time (ms) the campaign started and the last event came. */
  startedAt: number | null
  now: number | null
  /** The scenario being raced, and whether it is a generated run or a shrink candidate. */
  current: Scenario | null
  /** The first failing run: its number, length and violation. */
  firstFailure: { run: number; operations: number; violation: Violation | null } | null
  /** The smallest failing scenario so far (while shrinking). */
  smallest: { scenario: Scenario; operations: number } | null
  result: CampaignResult | null
  timeline: Timeline | null
  /** The timeline step shown. */
  cursor: number
  saved: string | null
  quitting: boolean
}

export type TimelineJump = 'start' | 'end' | 'breaks' | 'next-evidence' | 'previous-evidence'

export type CampaignAction =
  | { type: 'event'; event: CampaignEvent; at: number }
  | { type: 'step'; by: number }
  | { type: 'jump'; to: TimelineJump }
  | { type: 'saved'; file: string }
  | { type: 'quitting' }

export function initialCampaignState(runsAsked: number, unsafe: readonly UnsafeMode[] = []) {
  const state: CampaignState = {
    phase: 'starting',
    runsAsked,
    seed: null,
    unsafe,
    runs: 0,
    shrinkRuns: 0,
    smaller: 0,
    interleavings: 0,
    startedAt: null,
    now: null,
    current: null,
    firstFailure: null,
    smallest: null,
    result: null,
    timeline: null,
    cursor: 0,
    saved: null,
    quitting: false,
  }
  return state
}

/** Races run per second of real time so far (generated and shrinking). */
export function runsPerSecond(state: CampaignState): number {
  const ms = (state.now ?? 0) - (state.startedAt ?? 0)
  return ms > 0 ? ((state.runs + state.shrinkRuns) / ms) * 1000 : 0
}

export function interleavingsPerSecond(state: CampaignState): number {
  const ms = (state.now ?? 0) - (state.startedAt ?? 0)
  return ms > 0 ? (state.interleavings / ms) * 1000 : 0
}

function onFinished(state: CampaignState, result: CampaignResult): CampaignState {
  const found = result.counterexample
  const timeline = found ? buildTimeline(found.history, found.violations[0] ?? null) : null
  const phase = found ? 'found' : result.interrupted ? 'stopped' : 'held'
  return {
    ...state,
    phase,
    result,
    timeline,
    cursor: 0,
    current: null,
    interleavings: result.interleavings,
  }
}

function onEvent(state: CampaignState, event: CampaignEvent, at: number): CampaignState {
  const timed = { ...state, now: at, startedAt: state.startedAt ?? at }
  switch (event.type) {
    case 'started':
      return {
        ...timed,
        phase: 'searching',
        seed: event.seed,
        runsAsked: event.runs,
        unsafe: event.unsafe,
      }
    case 'run-started':
      return { ...timed, current: event.scenario }
    case 'finished':
      return onFinished(timed, event.result)
    case 'run-ended': {
      const { run } = event
      const search = run.phase === 'search'
      const next = {
        ...timed,
        runs: timed.runs + (search ? 1 : 0),
        shrinkRuns: timed.shrinkRuns + (search ? 0 : 1),
        interleavings: timed.interleavings + (run.fresh ? 1 : 0),
      }
      if (run.held) return next
      const smallest = { scenario: run.scenario, operations: run.operations }
      if (search) {
        const firstFailure = {
          run: next.runs,
          operations: run.operations,
          violation: run.violation,
        }
        return { ...next, phase: 'shrinking', firstFailure, smallest }
      }
      return { ...next, smaller: next.smaller + 1, smallest }
    }
  }
}

const clamp = (n: number, steps: number) => Math.max(0, Math.min(steps - 1, n))

function jump(state: CampaignState, timeline: Timeline, to: TimelineJump): number {
  const { steps } = timeline
  const evidence = steps.flatMap((step, i) => (step.evidence ? [i] : []))
  switch (to) {
    case 'start':
      return 0
    case 'end':
      return steps.length - 1
    case 'breaks':
      return timeline.breakStep >= 0 ? timeline.breakStep : state.cursor
    case 'next-evidence':
      return evidence.find((i) => i > state.cursor) ?? state.cursor
    case 'previous-evidence':
      return evidence.findLast((i) => i < state.cursor) ?? state.cursor
  }
}

export function campaignReducer(state: CampaignState, action: CampaignAction): CampaignState {
  switch (action.type) {
    case 'event':
      return onEvent(state, action.event, action.at)
    case 'saved':
      return { ...state, saved: action.file }
    case 'quitting':
      return { ...state, quitting: true }
    case 'step':
    case 'jump': {
      const timeline = state.timeline
      if (!timeline || timeline.steps.length === 0) return state
      const target =
        action.type === 'step' ? state.cursor + action.by : jump(state, timeline, action.to)
      return { ...state, cursor: clamp(target, timeline.steps.length) }
    }
  }
}
