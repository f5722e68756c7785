// Single flight: the one place that runs claimer passes, so two passes never overlap. A trigger
// that arrives while a pass runs (a webhook, a poll tick, an ad hoc POST /trigger) is remembered,
// and however many arrive they coalesce into exactly one more pass after the current one. A pass
// that reports work (a completed job, a lost race, an expired claim) is followed by another pass,
// up to `maxFollowUps` times, so a backlog drains without waiting for the next trigger. A pass that
// throws is reported through `onError` and ends the chain; triggers never reject.

export type PassReport = { kind: string }
export type Pass = () => Promise<PassReport>

export type SingleFlightOptions = {
  /** Whether a report means there may be more work (default: completed, lost-race, expired, failed). */
  more?: (report: PassReport) => boolean
  /** How many follow-up passes one trigger may chain (default 25). */
  maxFollowUps?: number
  /** Told about every finished pass and why it ran. */
  onPass?: (report: PassReport, reason: string) => void
  /** Told about a pass that threw. */
  onError?: (error: unknown, reason: string) => void
}

export type SingleFlight = {
  /** Asks for a pass; resolves once a pass started after this call has finished. */
  trigger(reason: string): Promise<void>
  /** Resolves when nothing runs and nothing is pending. */
  idle(): Promise<void>
  /** Ignores later triggers and resolves when the running pass (and pending one) are done. */
  stop(): Promise<void>
}

const workKinds = new Set(['completed', 'lost-race', 'expired', 'failed'])
export const defaultMore = (report: PassReport) => workKinds.has(report.kind)

export function createSingleFlight(pass: Pass, options: SingleFlightOptions = {}): SingleFlight {
  const more = options.more ?? defaultMore
  const maxFollowUps = options.maxFollowUps ?? 25
  let running: Promise<void> | undefined
  let pending: string | undefined
  let waiters: Array<() => void> = []
  let stopped = false

  async function runOne(reason: string): Promise<PassReport | undefined> {
    try {
      const report = await pass()
      options.onPass?.(report, reason)
      return report
    } catch (error) {
      options.onError?.(error, reason)
      return undefined
    }
  }

  async function drive(): Promise<void> {
    for (;;) {
      // Checked and cleared with no await in between, so a trigger can never be stranded.
      if (pending === undefined) {
        running = undefined
        return
      }
      const reason = pending
      const batch = waiters
      pending = undefined
      waiters = []
      let report = await runOne(reason)
      for (let n = 1; n <= maxFollowUps && report && more(report) && !stopped; n++) {
        report = await runOne(`follow-up ${n} after ${report.kind}`)
      }
      for (const resolve of batch) resolve()
    }
  }

  return {
    trigger(reason) {
      if (stopped) return Promise.resolve()
      const done = new Promise<void>((resolve) => waiters.push(resolve))
      pending ??= reason
      running ??= drive()
      return done
    },
    idle: () => running ?? Promise.resolve(),
    stop() {
      stopped = true
      return running ?? Promise.resolve()
    },
  }
}
