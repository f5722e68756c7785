// The over-HTTP race environment: the fake listens on a real 127.0.0.1 port, every worker and the
// nemesis reach it with the platform's fetch, and each webhook worker runs its own webhook
// endpoint on a port of its own, so deliveries are real signed POSTs. Time is real but can run
// faster: the fake's manual clock is moved `speed` times as fast as the wall clock, and every
// sleep waits `ms / speed` real milliseconds. Runs are realistic, so not exactly repeatable. The
// server is loaded when the environment is built, so importing the race engine does not load it.
import { setTimeout as sleep } from 'node:timers/promises'
import type { RaceEnvironment } from './environment.ts'
import { realTime } from './real-time.ts'
import type { Scenario } from './scenario.ts'

export type HttpEnvironmentOptions = {
  /** Virtual milliseconds per real millisecond (default 10). */
  speed?: number
}

export async function httpEnvironment(
  scenario: Scenario,
  options: HttpEnvironmentOptions = {},
): Promise<RaceEnvironment> {
  const { createFakePleo, createFaultEngine, listen, seededIds } = await import('@fake-pleo/server')
  const speed = options.speed ?? 10
  // Latency faults are virtual milliseconds like every other wait; the unsafe claim's window
  // stays a real 5 ms, the gap a check-then-act server leaves between real requests.
  const faults = createFaultEngine({
    seed: `race-${scenario.seed}`,
    sleep: (ms) => sleep(ms / speed),
  })
  const running = await listen(
    createFakePleo({
      seed: 'empty',
      clock: 'manual',
      ids: seededIds(`race-${scenario.seed}`),
      expiresIn: scenario.expiresIn,
      unsafe: scenario.unsafe,
      // The race owns this clock and runs it fast: deliveries are signed on it, as workers verify.
      webhookTimestamps: 'virtual',
      faults,
      webhookTimeoutMs: 5000,
    }),
  )
  const { clock } = running.deps
  let last = performance.now()
  const ticker = setInterval(() => {
    const now = performance.now()
    clock.advance(Math.round((now - last) * speed))
    last = now
    void running.dispatcher.notify()
  }, 5)
  const real = realTime(() => speed)
  return {
    ...real,
    baseUrl: running.url,
    companyId: running.companyId ?? '',
    apiKey: running.apiKey ?? '',
    now: () => clock.now(),
    async setFaults(seed, rules) {
      faults.setRules({ seed, rules })
    },
    setUnsafe(modes) {
      running.deps.options.unsafe = modes
    },
    drive: (done, maxSimMs) => real.drive(done, maxSimMs, () => clock.now()),
    async close() {
      clearInterval(ticker)
      await real.close()
      await running.stop()
    },
  }
}
