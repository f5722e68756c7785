// Waits (bounded) for the machine to be quiet before a load phase: on a shared 2-core machine a
// test run elsewhere can take a whole core and halve a figure. Samples the CPU every other
// process uses (this process and its idle servers use next to none between phases) and returns
// once it is under a threshold or the wait is over; the bench reports what it saw either way.
import { setTimeout as sleep } from 'node:timers/promises'
import { machineBusySeconds, ownCpuSeconds } from './proc-stats.ts'

export type QuietGate = { waitedMs: number; otherCpuPercent: number; quiet: boolean }

const sampleMs = 500

export async function waitForQuiet(maxWaitMs: number, thresholdPercent = 25): Promise<QuietGate> {
  const started = performance.now()
  for (;;) {
    const before = { all: machineBusySeconds(), own: ownCpuSeconds() }
    await sleep(sampleMs)
    const busy = machineBusySeconds() - before.all - (ownCpuSeconds() - before.own)
    const otherCpuPercent = Math.max(0, (busy / (sampleMs / 1000)) * 100)
    const waitedMs = performance.now() - started
    const quiet = otherCpuPercent < thresholdPercent
    if (quiet || waitedMs >= maxWaitMs) return { waitedMs, otherCpuPercent, quiet }
  }
}
