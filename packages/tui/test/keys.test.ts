// Key decisions from state alone: the command of each key, the speed bounds, the fault cycle,
// the unsafe confirmation, quitting, restarting, saving and keys ignored while stopping.
import { scenario } from '@fake-pleo/race'
import { describe, expect, it } from 'vitest'
import type { UnsafeMode } from '@fake-pleo/contract'
import {
  decideKey,
  maxSpeed,
  nextPreset,
  nextUnsafeMode,
  saveFileName,
  unsafeWarningFor,
} from '../src/keys.ts'
import { initialState, type RaceState } from '../src/race-reducer.ts'

const state = (change: Partial<RaceState> = {}): RaceState => ({
  ...initialState(scenario(42)),
  ...change,
})
const withSettings = (settings: Partial<RaceState['settings']>) =>
  state({ settings: { ...state().settings, ...settings } })
const press = (s: RaceState, input: string, ctrl = false) => decideKey(s, { input, ctrl })
const commandsOf = (s: RaceState, input: string) => press(s, input).commands

describe('decideKey', () => {
  it('maps the worker, export and pause keys to commands', () => {
    expect(commandsOf(state(), '+')).toEqual([{ type: 'add-worker' }])
    expect(commandsOf(state(), '-')).toEqual([{ type: 'remove-worker' }])
    expect(commandsOf(state(), 'k')).toEqual([{ type: 'kill-random-worker' }])
    expect(commandsOf(state(), 'e')).toEqual([{ type: 'press-export' }])
    expect(commandsOf(state(), ' ')).toEqual([{ type: 'pause', paused: true }])
    expect(commandsOf(withSettings({ paused: true }), ' ')).toEqual([
      { type: 'pause', paused: false },
    ])
    expect(press(state(), 'z')).toEqual({ commands: [], actions: [], effect: null })
  })

  it('cycles the fault presets', () => {
    expect(['none', 'mild', 'harsh', 'webhooks'].map((p) => nextPreset(p as never))).toEqual([
      'mild',
      'harsh',
      'webhooks',
      'none',
    ])
    expect(commandsOf(withSettings({ faults: 'harsh' }), 'f')).toEqual([
      { type: 'set-faults', preset: 'webhooks' },
    ])
  })

  it('doubles and halves the speed within 1..256', () => {
    expect(commandsOf(withSettings({ speed: 8 }), ']')).toEqual([{ type: 'set-speed', speed: 16 }])
    expect(commandsOf(withSettings({ speed: 8 }), '[')).toEqual([{ type: 'set-speed', speed: 4 }])
    expect(commandsOf(withSettings({ speed: maxSpeed }), ']')).toEqual([])
    expect(commandsOf(withSettings({ speed: 1 }), '[')).toEqual([])
  })

  it('asks before each unsafe mode of the cycle, and turns unsafe off at once after the last', () => {
    expect(press(state(), 'u')).toEqual({
      commands: [],
      actions: [{ type: 'confirm-unsafe', mode: 'claims' }],
      effect: null,
    })
    const asking = state({ confirm: 'unsafe', confirmMode: 'claims' })
    expect(commandsOf(asking, 'u')).toEqual([{ type: 'set-unsafe', unsafe: true }])
    expect(press(asking, 'k')).toEqual({
      commands: [],
      actions: [{ type: 'cancel-confirm' }],
      effect: null,
    })
    // claims (named or not) → late-items → … → big-batches → safe.
    for (const modes of [[], ['claims']] as UnsafeMode[][]) {
      expect(press(withSettings({ unsafe: true, unsafeModes: modes }), 'u').actions).toEqual([
        { type: 'confirm-unsafe', mode: 'late-items' },
      ])
    }
    const late = state({ confirm: 'unsafe', confirmMode: 'late-items' })
    expect(commandsOf(late, 'u')).toEqual([{ type: 'set-unsafe', unsafe: ['late-items'] }])
    expect(nextUnsafeMode(['late-items'])).toBe('second-final')
    expect(nextUnsafeMode(['second-final'])).toBe('no-expiry')
    expect(nextUnsafeMode(['no-expiry'])).toBe('big-batches')
    expect(commandsOf(withSettings({ unsafe: true, unsafeModes: ['big-batches'] }), 'u')).toEqual([
      { type: 'set-unsafe', unsafe: false },
    ])
    expect(unsafeWarningFor('late-items')).toMatch(
      /UNSAFE late-items: item updates are accepted after/,
    )
  })

  it('saves to numbered files in the history directory', () => {
    expect(commandsOf(state({ saves: 2 }), 's')).toEqual([
      { type: 'save-history', file: 'race-42-3.jsonl' },
    ])
    expect(
      decideKey(state(), { input: 's', ctrl: false }, { historyDir: '/tmp/h' }).commands,
    ).toEqual([{ type: 'save-history', file: '/tmp/h/race-42-1.jsonl' }])
    expect(saveFileName(5, 1)).toBe('race-5-1.jsonl')
  })

  it('quits on q and Ctrl-C, restarts on r, and ignores keys while stopping', () => {
    expect(press(state(), 'q').effect).toBe('quit')
    expect(press(state(), 'c', true).effect).toBe('quit')
    expect(press(state({ confirm: 'unsafe' }), 'c', true).effect).toBe('quit')
    expect(press(state(), 'r').effect).toBe('restart')
    expect(press(state({ stopping: true }), 'q').effect).toBe(null)
    expect(commandsOf(state({ stopping: true }), 'e')).toEqual([])
  })
})
