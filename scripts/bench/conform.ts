// The conformance kit's own speed: the whole plan against the bundled reference claimer, run as
// `fake-pleo conform --reference` would (one fake and one claimer process per scenario), once one
// scenario at a time (--concurrency 1) and then `runs` times in a row at the default concurrency
// (one scenario per CPU), in the same bench run. The product asks for the plan in under 15 s at
// the default, with the same verdicts in every run (a flake is a bug). Reported: the seconds of
// each run, the ratio, every scenario's seconds (at 1, and the median at the default), whether
// the verdicts were the same in every run, and which way the binary started (the bundle, when
// `pnpm build` made it fresh, or the sources).
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { runConformance, summarise, type Report } from '@fake-pleo/conformance'
import { cliMode, type CliMode } from './cli-mode.ts'

export type ConformRun = { seconds: number; passed: number; total: number; outcomes: string[] }

export type ConformBench = {
  binMode: CliMode
  /** The default concurrency (the number of CPUs). */
  concurrency: number
  serial: ConformRun
  runs: ConformRun[]
  /** Seconds of the default-concurrency runs: median, fastest, slowest. */
  seconds: { median: number; min: number; max: number }
  /** serial seconds / median seconds at the default. */
  ratio: number
  /** Every run (the serial one included) gave the same outcome for every scenario. */
  sameVerdicts: boolean
  /** The outcome lines that differed from the serial run's, with the run number. */
  differences: string[]
  perScenario: { id: string; serialSeconds: number; medianSeconds: number }[]
}

const bin = fileURLToPath(new URL('../../packages/cli/bin/fake-pleo.js', import.meta.url))

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const plan = (concurrency: number) =>
  runConformance({
    integration: { command: `"${process.execPath}" "${bin}" claim` },
    reference: true,
    concurrency,
  })

function summary(report: Report): ConformRun {
  const s = summarise(report)
  return {
    seconds: report.durationMs / 1000,
    passed: s.passed,
    total: s.total,
    outcomes: report.results.map((r) => `${r.id}: ${r.outcome}`),
  }
}

/** Runs the plan at concurrency 1, then `runs` times at the default; see the file's head. */
export async function runConformBench(
  step: (message: string) => void,
  runs = Number(process.env.CONFORM_RUNS ?? 20),
): Promise<ConformBench> {
  const binMode = cliMode()
  const concurrency = availableParallelism()
  step(`conformance: the whole plan against the reference claimer, one scenario at a time`)
  const serialReport = await plan(1)
  const serial = summary(serialReport)
  const reports: Report[] = []
  for (let i = 1; i <= runs; i++) {
    step(`conformance: run ${i}/${runs} at concurrency ${concurrency}`)
    reports.push(await plan(concurrency))
  }
  const all = reports.map(summary)
  const differences = all.flatMap((run, i) =>
    run.outcomes
      .filter((line, j) => line !== serial.outcomes[j])
      .map((line) => `run ${i + 1}: ${line}`),
  )
  const seconds = all.map((r) => r.seconds)
  const perScenario = serialReport.results.map((r) => ({
    id: r.id,
    serialSeconds: r.durationMs / 1000,
    medianSeconds: median(
      reports.map((report) => (report.results.find((x) => x.id === r.id)?.durationMs ?? 0) / 1000),
    ),
  }))
  return {
    binMode,
    concurrency,
    serial,
    runs: all,
    seconds: { median: median(seconds), min: Math.min(...seconds), max: Math.max(...seconds) },
    ratio: serial.seconds / median(seconds),
    sameVerdicts: differences.length === 0,
    differences,
    perScenario,
  }
}

/** All passed in every run, the same verdicts every time, and the median run under 15 s. */
export const conformMet = (b: ConformBench) =>
  b.sameVerdicts &&
  [b.serial, ...b.runs].every((r) => r.passed === r.total) &&
  b.seconds.median < 15

export function renderConformBench(b: ConformBench): string {
  const f = (n: number) => n.toFixed(1)
  return [
    '',
    `Conformance: the whole plan against the reference claimer (the binary ran its ${b.binMode})`,
    `  concurrency 1: ${f(b.serial.seconds)} s (${b.serial.passed}/${b.serial.total} passed)`,
    `  concurrency ${b.concurrency} (default), ${b.runs.length} runs: median ${f(b.seconds.median)} s (${f(b.seconds.min)}–${f(b.seconds.max)} s); ratio ${b.ratio.toFixed(2)}`,
    `  verdicts: ${b.sameVerdicts ? `the same in all ${b.runs.length + 1} runs` : `DIFFERED: ${b.differences.join('; ')}`}`,
    '',
    `| scenario | s at 1 | s at ${b.concurrency} (median) |`,
    '| --- | ---: | ---: |',
    ...b.perScenario.map((s) => `| ${s.id} | ${f(s.serialSeconds)} | ${f(s.medianSeconds)} |`),
    '',
  ].join('\n')
}
