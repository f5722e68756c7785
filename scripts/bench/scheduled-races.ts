// How many scheduled interleavings per second the scheduled-race property explores: fast-check
// runs the atomic-claim property (2 to 4 claimers, 1 to 4 jobs, one scheduler order per run) for
// about `seconds` of wall time and the runs it finished are counted. Each case's fake is one fake
// reset before the case, as the property test runs it (`fresh`: a new fake per case, as it did
// before). The cases come from one fixed seed (`propertySeed`), so two runs draw the same cases
// and their figures compare: with a random seed, the sizes of the races drawn (2 to 4 claimers,
// 1 to 4 jobs) moved the figure by a factor of two between runs of one commit. Run directly, it
// prints the figure; `--compare` runs both ways, alternating, in one process.
import fc from 'fast-check'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { scheduledRaceProperty } from '../../packages/race/test/scheduled/property.ts'
import { createFakeReuse, freshFakes } from '../../packages/race/test/scheduled/setup.ts'

/** fast-check's seed for the measured cases. */
export const propertySeed = 16

export type ScheduledRaceSpeed = {
  runs: number
  seconds: number
  perSecond: number
  fakes: 'reset' | 'fresh'
}

export async function runScheduledRaceSpeed(
  seconds = 3,
  fakes: 'reset' | 'fresh' = 'reset',
): Promise<ScheduledRaceSpeed> {
  const reuse = fakes === 'reset' ? createFakeReuse() : undefined
  const start = performance.now()
  try {
    const details = await fc.check(scheduledRaceProperty(false, undefined, reuse ?? freshFakes), {
      numRuns: 1_000_000,
      seed: propertySeed,
      plugins: [fc.interruptAfterTimeLimit(seconds * 1000)],
    })
    const elapsed = (performance.now() - start) / 1000
    if (details.failed)
      throw new Error(`a scheduled race broke an invariant (seed ${details.seed})`)
    const runs = details.numRuns
    return { runs, seconds: round(elapsed), perSecond: round(runs / elapsed), fakes }
  } finally {
    reuse?.close()
  }
}

const round = (value: number): number => Math.round(value * 10) / 10

async function measured(seconds: number, fakes: 'reset' | 'fresh') {
  const before = process.cpuUsage()
  const speed = await runScheduledRaceSpeed(seconds, fakes)
  const used = process.cpuUsage(before)
  const cpuS = (used.user + used.system) / 1e6
  console.log(
    `${fakes}: ${speed.runs} scheduled races in ${speed.seconds} s: ${speed.perSecond} interleavings/s, ` +
      `${round(speed.runs / cpuS)} per CPU second`,
  )
}

async function main(): Promise<void> {
  const numbers = process.argv.slice(2).map(Number).filter(Number.isFinite)
  const seconds = numbers[0] !== undefined && numbers[0] > 0 ? numbers[0] : 3
  if (!process.argv.includes('--compare')) return measured(seconds, 'reset')
  for (let round = 0; round < 2; round++) {
    await measured(seconds, 'fresh')
    await measured(seconds, 'reset')
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
