// Batches the race's events so the view renders at a steady rate however fast they arrive: events
// pushed in are buffered and handed to `flush` in one call, at most once every `intervalMs`. The
// clock and the timer are injected, so tests and benchmarks can drive it without real time.

export type TimerHandle = { cancel(): void }

export type EventThrottleOptions<T> = {
  intervalMs: number
  flush: (items: T[], at: number) => void
  /** Real time, ms (default Date.now). */
  now?: () => number
  /** Schedules `run` after `ms` (default setTimeout). */
  setTimer?: (run: () => void, ms: number) => TimerHandle
}

export type EventThrottle<T> = {
  push(items: readonly T[]): void
  /** Flushes whatever is buffered now. */
  drain(): void
  /** Drops the buffer and any pending timer. */
  dispose(): void
  readonly pending: number
}

const defaultTimer = (run: () => void, ms: number): TimerHandle => {
  const handle = setTimeout(run, ms)
  return { cancel: () => clearTimeout(handle) }
}

export function createEventThrottle<T>(options: EventThrottleOptions<T>): EventThrottle<T> {
  const now = options.now ?? Date.now
  const setTimer = options.setTimer ?? defaultTimer
  let buffer: T[] = []
  let lastFlush = -Infinity
  let timer: TimerHandle | null = null

  const drain = () => {
    timer?.cancel()
    timer = null
    if (buffer.length === 0) return
    const items = buffer
    buffer = []
    lastFlush = now()
    options.flush(items, lastFlush)
  }

  const schedule = () => {
    if (timer) return
    const wait = lastFlush + options.intervalMs - now()
    if (wait <= 0) drain()
    else timer = setTimer(drain, wait)
  }

  return {
    push(items) {
      if (items.length === 0) return
      for (const item of items) buffer.push(item)
      schedule()
    },
    drain,
    dispose() {
      timer?.cancel()
      timer = null
      buffer = []
    },
    get pending() {
      return buffer.length
    },
  }
}
