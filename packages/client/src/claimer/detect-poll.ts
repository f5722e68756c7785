// The poller: a scheduled trigger every `intervalMs` (default two minutes) that keeps running
// alongside webhooks as a safety net, since a webhook can be lost, late or never subscribed. Each
// tick only asks for a pass; the single flight decides whether one runs. Timers are injectable so
// tests tick by hand.

export type PollerOptions = {
  /** Milliseconds between polls (default 120000). */
  intervalMs?: number
  trigger: (reason: string) => Promise<void> | void
  setInterval?: (fn: () => void, ms: number) => unknown
  clearInterval?: (handle: unknown) => void
}

export type Poller = { start(): void; stop(): void }

export const defaultPollIntervalMs = 120_000

export function createPoller(options: PollerOptions): Poller {
  const intervalMs = options.intervalMs ?? defaultPollIntervalMs
  if (!Number.isFinite(intervalMs) || intervalMs <= 0) {
    throw new Error(`intervalMs must be a positive number (got ${intervalMs})`)
  }
  const schedule = options.setInterval ?? ((fn: () => void, ms: number) => setInterval(fn, ms))
  const cancel =
    options.clearInterval ??
    ((handle: unknown) => clearInterval(handle as ReturnType<typeof setInterval>))
  let handle: unknown
  let ticks = 0
  return {
    start() {
      if (handle !== undefined) return
      handle = schedule(() => {
        ticks += 1
        void Promise.resolve(options.trigger(`poll #${ticks}`)).catch(() => undefined)
      }, intervalMs)
    },
    stop() {
      if (handle === undefined) return
      cancel(handle)
      handle = undefined
    },
  }
}
