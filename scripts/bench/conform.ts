// The conformance kit's own speed: the whole plan against the bundled reference claimer, run as
// `fake-pleo conform --reference` would (one fake and one claimer process per scenario). The
// product asks for under 60 seconds. Reported: total seconds and the slowest scenarios.
import { fileURLToPath } from 'node:url'
import { runConformance, summarise } from '../../packages/conformance/src/index.ts'

export type ConformBench = {
  seconds: number
  passed: number
  total: number
  slowest: { id: string; seconds: number }[]
}

const bin = fileURLToPath(new URL('../../packages/cli/bin/fake-pleo.js', import.meta.url))

export async function runConformBench(step: (message: string) => void): Promise<ConformBench> {
  step('conformance: the whole plan against the reference claimer')
  const report = await runConformance({
    integration: { command: `"${process.execPath}" "${bin}" claim` },
    reference: true,
  })
  const s = summarise(report)
  const slowest = [...report.results]
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, 3)
    .map((r) => ({ id: r.id, seconds: r.durationMs / 1000 }))
  return { seconds: report.durationMs / 1000, passed: s.passed, total: s.total, slowest }
}

export function renderConformBench(b: ConformBench): string {
  const slow = b.slowest.map((r) => `${r.id} ${r.seconds.toFixed(1)} s`).join(', ')
  return `\nConformance: the plan against the reference claimer took ${b.seconds.toFixed(1)} s (${b.passed}/${b.total} passed; slowest ${slow})\n`
}
