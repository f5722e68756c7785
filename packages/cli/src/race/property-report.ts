// What `fake-pleo race --property` prints: progress lines while the campaign runs (stderr, about
// once a second, and at once when a run fails), and at the end the verdict with the shrunk
// counterexample: its scenario, the violation, the timeline of its operations (the evidence
// marked, and where the invariant breaks) and the commands that replay it. Pure functions.
import {
  buildTimeline,
  replayCommands,
  scenarioLine,
  type CampaignEvent,
  type CampaignResult,
  type TimelineStep,
} from '@fake-pleo/race'

/** Steps printed in full; a longer timeline shows the steps around the evidence. */
const fullTimeline = 80
const around = 4

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
const rate = (n: number, ms: number) => (ms > 0 ? (n / ms) * 1000 : 0).toFixed(1)

export function campaignHeader(runs: number, seed: number, unsafe: readonly string[]): string {
  const server = unsafe.length > 0 ? `UNSAFE ${unsafe.join(', ')}` : 'safe server'
  return `race --property: campaign seed ${seed}, ${runs} runs, ${server}\n`
}

/** Progress lines from campaign events: `tick` answers a line to print now, or null. */
export function campaignProgress(now: () => number = () => performance.now()) {
  const started = now()
  let last = started
  let runs = 0
  let asked = 0
  let shrinkRuns = 0
  let smaller = 0
  let interleavings = 0
  return (event: CampaignEvent): string | null => {
    if (event.type === 'started') asked = event.runs
    if (event.type !== 'run-ended') return null
    const { run } = event
    if (run.phase === 'search') runs += 1
    else shrinkRuns += 1
    if (run.fresh) interleavings += 1
    const t = now()
    if (run.phase === 'search' && !run.held) {
      const broke = run.violation
        ? `invariant ${run.violation.invariant} (${run.violation.rule})`
        : `the race (${run.errors[0] ?? 'no violation'})`
      return `campaign: run ${runs} broke ${broke} after ${run.operations} operations; shrinking…\n`
    }
    if (run.phase === 'shrink' && !run.held) smaller += 1
    if (t - last < 1000) return null
    last = t
    const elapsed = t - started
    if (shrinkRuns > 0) {
      return `campaign: shrinking: ${smaller} smaller found in ${plural(shrinkRuns, 'race')}\n`
    }
    return (
      `campaign: ${runs}/${asked} runs · ${interleavings} interleavings · ` +
      `${rate(runs, elapsed)} runs/s · every run held so far\n`
    )
  }
}

function stepLine(step: TimelineStep): string {
  const mark = `${step.evidence ? '*' : ' '}${step.breaks ? '✗' : ' '}`
  const job = step.jobs.find((j) => j.id === step.operation.jobId)
  const state = job
    ? `   ${job.label} ${job.status}${job.holders.length > 0 ? ` held by ${job.holders.join(', ')}` : ''}`
    : ''
  return `  ${mark} #${String(step.operation.index).padEnd(4)} ${step.text}${state}`
}

function timelineLines(steps: readonly TimelineStep[]): string[] {
  if (steps.length <= fullTimeline) return steps.map(stepLine)
  const keep = new Set<number>()
  steps.forEach((step, i) => {
    if (!step.evidence) return
    for (let j = i - around; j <= i + around; j++) keep.add(j)
  })
  const lines: string[] = []
  let skipped = 0
  steps.forEach((step, i) => {
    if (!keep.has(i)) return void (skipped += 1)
    if (skipped > 0) lines.push(`     … ${skipped} operations`)
    skipped = 0
    lines.push(stepLine(step))
  })
  if (skipped > 0) lines.push(`     … ${skipped} operations`)
  return lines
}

export function renderCampaign(result: CampaignResult, outFile: string | undefined): string {
  const total = result.runs + result.shrinkRuns
  const lines = [
    `fake-pleo race --property: campaign seed ${result.seed}` +
      `${result.interrupted ? ' (stopped early)' : ''}`,
    `  runs          ${result.runs}/${result.runsAsked} generated · ${result.shrinkRuns} while shrinking · ` +
      `${result.interleavings} distinct interleavings`,
    `  throughput    ${rate(total, result.elapsedMs)} runs/s · ${rate(result.interleavings, result.elapsedMs)} interleavings/s · ` +
      `${(result.elapsedMs / 1000).toFixed(1)} s`,
  ]
  const found = result.counterexample
  if (!found) {
    lines.push(`  verdict       ✓ every run held every invariant`)
    return lines.join('\n') + '\n'
  }
  const violation = found.violations[0]
  const first = result.firstFailure
  lines.push(
    `  verdict       ✗ ${violation ? `invariant ${violation.invariant} (${violation.rule})` : 'the race failed'} breaks`,
    `  shrunk        ${result.shrinks} times in ${result.shrinkRuns} races: from ${first?.operations ?? '?'} operations ` +
      `(${first ? `${plural(first.scenario.workers, 'worker')}, ${plural(first.scenario.jobs, 'job')}` : '?'}) ` +
      `to ${found.history.length} (${plural(found.scenario.workers, 'worker')}, ${plural(found.scenario.jobs, 'job')})`,
    `  counterexample ${scenarioLine(found.scenario)}${found.scenario.unsafe.length > 0 ? ` · UNSAFE ${found.scenario.unsafe.join(', ')}` : ''}`,
    `  fast-check    seed ${result.seed}, path ${result.path ?? '-'}`,
  )
  if (violation)
    lines.push(`  violation     [${violation.invariant} ${violation.rule}] ${violation.message}`)
  for (const error of found.errors.slice(0, 3)) lines.push(`  error         ${error}`)
  const timeline = buildTimeline(found.history, violation)
  lines.push(`  timeline      (* the violation's operations, ✗ where the invariant breaks)`)
  lines.push(...timelineLines(timeline.steps))
  const [replay, ...more] = replayCommands(found.scenario, outFile)
  lines.push(`  replay        ${replay}`)
  for (const command of more) lines.push(`                ${command}`)
  if (!outFile) lines.push('  Save it (scenario, seed and history) with --out FILE.')
  return lines.join('\n') + '\n'
}
