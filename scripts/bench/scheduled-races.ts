// How many scheduled interleavings per second the scheduled-race property explores: fast-check
// runs the atomic-claim property (2 to 4 claimers, 1 to 4 jobs, one scheduler order per run) for
// about `seconds` of wall time and the runs it finished are counted. Run directly, it prints the
// figure.
import fc from 'fast-check'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { scheduledRaceProperty } from '../../packages/race/test/scheduled/property.ts'

export type ScheduledRaceSpeed = { runs: number; seconds: number; perSecond: number }

export async function runScheduledRaceSpeed(seconds = 3): Promise<ScheduledRaceSpeed> {
  const start = performance.now()
  const details = await fc.check(scheduledRaceProperty(false), {
    numRuns: 1_000_000,
    plugins: [fc.interruptAfterTimeLimit(seconds * 1000)],
  })
  const elapsed = (performance.now() - start) / 1000
  if (details.failed) throw new Error(`a scheduled race broke an invariant (seed ${details.seed})`)
  const runs = details.numRuns
  return { runs, seconds: round(elapsed), perSecond: round(runs / elapsed) }
}

const round = (value: number): number => Math.round(value * 10) / 10

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 3)
  const speed = await runScheduledRaceSpeed(Number.isFinite(seconds) && seconds > 0 ? seconds : 3)
  console.log(
    `${speed.runs} scheduled races in ${speed.seconds} s: ${speed.perSecond} interleavings/s`,
  )
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
