// What a key press means, decided from the state alone: the commands to send to the race, the
// actions for the reducer and whether the app should quit or restart. The keyboard hook only
// carries these out, so every key is testable without a terminal.
import { join } from 'node:path'
import { unsafeModeBreaks, unsafeModes, type UnsafeMode } from '@fake-pleo/contract'
import type { RaceAction, RaceState } from './race-reducer.ts'
import type { FaultPreset, LiveCommand } from './race-types.ts'

export type KeyPress = { input: string; ctrl: boolean }
type KeyEffect = 'quit' | 'restart' | null
export type KeyDecision = { commands: LiveCommand[]; actions: RaceAction[]; effect: KeyEffect }
export type KeyOptions = { historyDir?: string }

const minSpeed = 1
export const maxSpeed = 256
const presetCycle: readonly FaultPreset[] = ['none', 'mild', 'harsh', 'webhooks']

const keys: [string, string][] = [
  ['+/-', 'worker'],
  ['k', 'kill'],
  ['e', 'export'],
  ['f', 'faults'],
  ['u', 'unsafe'],
  [']/[', 'speed'],
  ['space', 'pause'],
  ['r', 'restart'],
  ['s', 'save'],
  ['q', 'quit'],
]

/** The key help; each entry's words are joined by a no-break space so wrapping keeps them. */
export const keyHelp = keys.map(([key, what]) => `${key}\u00a0${what}`).join('  ')

const unsafeWarning =
  'UNSAFE: check-then-act claims, a demo of the double claim the atomic claim prevents.'
export const unsafeQuestion = 'Press u again to confirm, any other key to cancel'

/** The confirm line of a mode: what it breaks (`claims` keeps the original warning). */
export const unsafeWarningFor = (mode: UnsafeMode): string =>
  mode === 'claims' ? unsafeWarning : `UNSAFE ${mode}: ${unsafeModeBreaks[mode]}.`

/**
 * `u` cycles safe → claims → late-items → second-final → no-expiry → big-batches → safe: the mode
 * after the last one on, or null (back to the safe server) after the last of the cycle.
 */
export function nextUnsafeMode(on: readonly UnsafeMode[]): UnsafeMode | null {
  const last = on.at(-1)
  if (last === undefined) return unsafeModes[0]
  return unsafeModes[unsafeModes.indexOf(last) + 1] ?? null
}

const none: KeyDecision = { commands: [], actions: [], effect: null }
const send = (...commands: LiveCommand[]): KeyDecision => ({ ...none, commands })

export const nextPreset = (preset: FaultPreset): FaultPreset =>
  presetCycle[(presetCycle.indexOf(preset) + 1) % presetCycle.length] ?? 'none'

export const saveFileName = (seed: number, n: number, dir?: string): string => {
  const name = `race-${seed}-${n}.jsonl`
  return dir ? join(dir, name) : name
}

function speedTo(state: RaceState, factor: number): KeyDecision {
  const speed = Math.min(maxSpeed, Math.max(minSpeed, state.settings.speed * factor))
  return speed === state.settings.speed ? none : send({ type: 'set-speed', speed })
}

function plainKey(state: RaceState, input: string, options: KeyOptions): KeyDecision {
  const { settings } = state
  switch (input) {
    case '+':
    case '=':
      return send({ type: 'add-worker' })
    case '-':
      return send({ type: 'remove-worker' })
    case 'k':
      return send({ type: 'kill-random-worker' })
    case 'e':
      return send({ type: 'press-export' })
    case 'f':
      return send({ type: 'set-faults', preset: nextPreset(settings.faults) })
    case 'u': {
      // A race switched on without naming its modes runs `claims`.
      const on = settings.unsafe && settings.unsafeModes.length === 0 ? ['claims' as const] : []
      const mode = nextUnsafeMode(settings.unsafe ? [...on, ...settings.unsafeModes] : [])
      return mode === null
        ? send({ type: 'set-unsafe', unsafe: false })
        : { ...none, actions: [{ type: 'confirm-unsafe', mode }] }
    }
    case ']':
      return speedTo(state, 2)
    case '[':
      return speedTo(state, 0.5)
    case ' ':
      return send({ type: 'pause', paused: !settings.paused })
    case 'r':
      return { ...none, effect: 'restart' }
    case 's': {
      const file = saveFileName(state.scenario.seed, state.saves + 1, options.historyDir)
      return send({ type: 'save-history', file })
    }
    case 'q':
      return { ...none, effect: 'quit' }
    default:
      return none
  }
}

export function decideKey(state: RaceState, key: KeyPress, options: KeyOptions = {}): KeyDecision {
  if (state.stopping) return none
  if (key.ctrl && key.input === 'c') return { ...none, effect: 'quit' }
  if (state.confirm === 'unsafe') {
    const mode = state.confirmMode ?? 'claims'
    return key.input === 'u'
      ? send({ type: 'set-unsafe', unsafe: mode === 'claims' ? true : [mode] })
      : { ...none, actions: [{ type: 'cancel-confirm' }] }
  }
  if (key.ctrl) return none
  return plainKey(state, key.input, options)
}
