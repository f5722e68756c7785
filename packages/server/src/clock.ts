// The one virtual clock behind expiry and timestamps. `system` ticks with real time plus an
// offset that advancing adds to; `manual` stands still until advanced or set. The real time
// source is injected so tests can drive `system` too, and is offered as `wallNow` for what must
// follow real time whatever the virtual clock says (webhook timestamps, by default). The virtual
// clock never moves backwards.

export type ClockMode = 'system' | 'manual'

export type ClockState = { mode: ClockMode; offsetMs: number; manualNow: number }

export type Clock = {
  readonly mode: ClockMode
  now(): number
  /** The real (wall-clock) time source behind it, epoch ms: not moved by advance or set. */
  wallNow(): number
  advance(ms: number): number
  /** Moves to `ms`; refuses (returns false) to go backwards. */
  set(ms: number): boolean
  state(): ClockState
  restore(state: ClockState): void
}

export function createClock(mode: ClockMode, realNow: () => number = Date.now): Clock {
  let offsetMs = 0
  let manualNow = Math.floor(realNow() / 1000) * 1000
  const now = () => (mode === 'manual' ? manualNow : realNow() + offsetMs)
  return {
    mode,
    now,
    wallNow: () => realNow(),
    advance(ms) {
      if (mode === 'manual') manualNow += ms
      else offsetMs += ms
      return now()
    },
    set(ms) {
      const current = now()
      if (ms < current) return false
      return this.advance(ms - current) >= 0
    },
    state: () => ({ mode, offsetMs, manualNow }),
    restore(state) {
      offsetMs = state.offsetMs
      manualNow = state.manualNow
    },
  }
}
