// How fast a property campaign goes (`fake-pleo race --property` on the safe server): fast-check
// generates `runs` scenarios within the campaign's default bounds, each raced in-process on the
// seeded scheduler and checked. Counts races per second and distinct interleavings per second;
// a violation on the safe server fails the benchmark. Run directly, it prints the figures.
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { runCampaign } from '@fake-pleo/race'

export type CampaignSpeed = {
  runs: number
  interleavings: number
  seconds: number
  runsPerSecond: number
  interleavingsPerSecond: number
}

const round = (value: number): number => Math.round(value * 10) / 10

export async function runCampaignSpeed(runs = 40, seed = 1): Promise<CampaignSpeed> {
  const start = performance.now()
  const result = await runCampaign({ runs, seed })
  const seconds = (performance.now() - start) / 1000
  if (result.counterexample) {
    throw new Error(`a campaign on the safe server found a violation (campaign seed ${seed})`)
  }
  return {
    runs: result.runs,
    interleavings: result.interleavings,
    seconds: round(seconds),
    runsPerSecond: round(result.runs / seconds),
    interleavingsPerSecond: round(result.interleavings / seconds),
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runs = Number(process.argv[2] ?? 40)
  const speed = await runCampaignSpeed(Number.isFinite(runs) && runs > 0 ? runs : 40)
  console.log(
    `campaign: ${speed.runs} runs in ${speed.seconds} s: ${speed.runsPerSecond} runs/s, ` +
      `${speed.interleavingsPerSecond} interleavings/s (${speed.interleavings} distinct)`,
  )
}
