// Paces a live race: the virtual clock may run at most `speed` times as fast as real time, and not
// at all while paused. Changing the speed or resuming re-anchors, so the clock never jumps. Waits
// are short (at most `sliceMs`) so a command or a resume is picked up at once.
import { setTimeout as sleep } from 'node:timers/promises'
import type { Pace } from './sim-scheduler.ts'

export type Pacer = Pace & {
  readonly speed: number
  readonly paused: boolean
  setSpeed(speed: number): void
  pause(paused: boolean): void
}

export type PacerOptions = {
  speed: number
  sim: () => number
  real?: () => number
  sliceMs?: number
}

export function createPacer(options: PacerOptions): Pacer {
  const real = options.real ?? (() => performance.now())
  const sliceMs = options.sliceMs ?? 25
  let speed = options.speed
  let paused = false
  let anchor = { real: real(), sim: options.sim() }
  let resumed: (() => void) | undefined
  let resumedPromise: Promise<void> | undefined
  const reanchor = () => {
    anchor = { real: real(), sim: options.sim() }
  }
  return {
    get speed() {
      return speed
    },
    get paused() {
      return paused
    },
    setSpeed(next) {
      reanchor()
      speed = next
    },
    pause(next) {
      if (next === paused) return
      paused = next
      if (paused) resumedPromise = new Promise<void>((resolve) => (resumed = resolve))
      else {
        reanchor()
        resumed?.()
        resumedPromise = undefined
      }
    },
    hold: () =>
      paused ? Promise.race([resumedPromise, sleep(sliceMs)]).then(() => {}) : undefined,
    until(dueMs) {
      const at = anchor.real + (dueMs - anchor.sim) / speed
      const wait = at - real()
      return wait > 1 ? sleep(Math.min(wait, sliceMs)) : undefined
    },
  }
}
