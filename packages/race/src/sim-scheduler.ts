// The deterministic scheduler behind in-process races. Everything that would wait goes through
// it: a worker's request to the fake is queued as a runnable task, and every sleep (back-off,
// polling, the ledger's work, latency faults, the unsafe claim's window) is a timer on the fake's
// virtual clock. `run()` starts one runnable task at a time, chosen by the seeded generator, and
// lets it run until it waits again (one turn of the event loop); only when nothing can run does it
// move the virtual clock to the next timer. Same seed, same interleaving, same history, and no
// real time spent waiting.
import { setImmediate as nextTurn, setTimeout as realSleep } from 'node:timers/promises'

export type SimClock = {
  now(): number
  /** Moves the virtual clock forward to `ms` (never backwards). */
  advanceTo(ms: number): void
}

export type SimScheduler = {
  /** Resolves `ms` virtual milliseconds from now. */
  sleep(ms: number, owner?: string): Promise<void>
  /** Queues `start` as a runnable task; resolves with what it resolves to. */
  schedule<T>(start: () => Promise<T>, owner?: string): Promise<T>
  /** Rejects every queued task and timer of `owner` with `reason` (a killed worker). */
  cancel(owner: string, reason: Error): void
  /** Drives tasks and timers until `done()` is true, nothing is left, or `maxSteps` is reached. */
  run(options: {
    done: () => boolean
    maxSteps?: number
    maxSimMs?: number
    pace?: Pace
  }): Promise<RunEnd>
  readonly steps: number
}

export type RunEnd = 'done' | 'idle' | 'max-steps' | 'max-time'

/**
 * Ties the virtual clock to real time (a live view): `hold` answers a promise while the run must
 * not move at all (paused), `until` one that settles when real time has caught up with `dueMs`
 * (or soon, so commands stay responsive; the run then looks again).
 */
export type Pace = {
  hold(): Promise<void> | undefined
  until(dueMs: number): Promise<void> | undefined
}

type Task = { owner: string | undefined; start: () => void; reject: (reason: Error) => void }
type Timer = { due: number; seq: number; owner: string | undefined; task: Task }

export function createSimScheduler(clock: SimClock, random: () => number): SimScheduler {
  const runnable: Task[] = []
  const timers: Timer[] = [] // a binary heap on (due, seq)
  let seq = 0
  let inFlight = 0
  let steps = 0

  const schedule = <T>(start: () => Promise<T>, owner?: string) =>
    new Promise<T>((resolve, reject) => {
      runnable.push({
        owner,
        reject,
        start: () => {
          inFlight += 1
          start()
            .then(resolve, reject)
            .finally(() => {
              inFlight -= 1
            })
        },
      })
    })

  const sleep = (ms: number, owner?: string) =>
    new Promise<void>((resolve, reject) => {
      const task: Task = { owner, reject, start: resolve }
      heapPush(timers, { due: clock.now() + Math.max(0, ms), seq: seq++, owner, task })
    })

  const cancel = (owner: string, reason: Error) => {
    for (let i = runnable.length - 1; i >= 0; i--) {
      const task = runnable[i]!
      if (task.owner === owner) {
        runnable.splice(i, 1)
        task.reject(reason)
      }
    }
    const kept = timers.filter((timer) => timer.owner !== owner)
    for (const timer of timers) if (timer.owner === owner) timer.task.reject(reason)
    timers.length = 0
    for (const timer of kept) heapPush(timers, timer)
  }

  /** Starts one runnable task, picked by the seeded generator. */
  const startOne = () => {
    const index = Math.floor(random() * runnable.length)
    const [task] = runnable.splice(index, 1)
    task?.start()
  }

  /** Fires every timer due at the earliest due time, after moving the clock there. */
  const fireNext = () => {
    const first = timers[0]
    if (!first) return
    if (first.due > clock.now()) clock.advanceTo(first.due)
    while (timers[0] && timers[0].due <= clock.now()) heapPop(timers)?.task.start()
  }

  return {
    sleep,
    schedule,
    cancel,
    get steps() {
      return steps
    },
    async run({
      done,
      maxSteps = Number.POSITIVE_INFINITY,
      maxSimMs = Number.POSITIVE_INFINITY,
      pace,
    }) {
      const startedAt = clock.now()
      for (;;) {
        if (done()) return 'done'
        if (steps >= maxSteps) return 'max-steps'
        const held = pace?.hold()
        if (held) {
          await held
          continue
        }
        steps += 1
        if (runnable.length > 0) startOne()
        else if (timers.length > 0) {
          if (timers[0]!.due - startedAt > maxSimMs) return 'max-time'
          const waiting = pace?.until(timers[0]!.due)
          if (waiting) {
            await waiting
            continue
          }
          fireNext()
        } else if (inFlight === 0) {
          if (!pace) return 'idle'
          await realSleep(20) // live: wait for a command
        }
        // Otherwise a task waits on something outside the scheduler: give it a turn.
        await nextTurn()
      }
    },
  }
}

const before = (a: Timer, b: Timer) => a.due < b.due || (a.due === b.due && a.seq < b.seq)

function heapPush(heap: Timer[], timer: Timer): void {
  heap.push(timer)
  let i = heap.length - 1
  while (i > 0) {
    const parent = (i - 1) >> 1
    if (!before(heap[i]!, heap[parent]!)) break
    ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
    i = parent
  }
}

function heapPop(heap: Timer[]): Timer | undefined {
  const top = heap[0]
  const last = heap.pop()
  if (heap.length === 0 || last === undefined) return top
  heap[0] = last
  let i = 0
  for (;;) {
    const l = 2 * i + 1
    const r = l + 1
    let m = i
    if (l < heap.length && before(heap[l]!, heap[m]!)) m = l
    if (r < heap.length && before(heap[r]!, heap[m]!)) m = r
    if (m === i) return top
    ;[heap[i], heap[m]] = [heap[m]!, heap[i]!]
    i = m
  }
}
