// The reporter for people at a terminal: a header naming the kit, the integration and what the kit
// saw of it (its profile), one line per scenario with a marker that carries its meaning without
// colour (✓ pass, ✗ fail, ! error, ⚠ warning, – not applicable), what was expected and observed
// under each one that did not pass (the reason under one not applicable), and a summary line.
import {
  describeProfile,
  exitCodeOf,
  isFailing,
  scenarioGroups,
  summarise,
  type Outcome,
  type Report,
  type ScenarioResult,
} from '../report.ts'
import { lenientNote, markers, plural, printable, seconds } from './text.ts'

export type PrettyOptions = { color: boolean }

/** At most this many evidence lines under a scenario, then "… N more". */
export const maxEvidenceLines = 12
/** At most this many of the integration's last output lines under a scenario. */
export const maxOutputLines = 8

type Paint = (code: number, text: string) => string

export function renderPretty(report: Report, options: PrettyOptions): string {
  const paint: Paint = options.color
    ? (code, text) => `\u001b[${code}m${text}\u001b[0m`
    : (_, t) => t
  const lines = [...header(report, paint), '']
  for (const group of scenarioGroups) {
    const results = report.results.filter((r) => r.group === group)
    if (results.length === 0) continue
    lines.push(paint(1, group))
    for (const result of results) lines.push(...scenario(result, report.strictWarnings, paint))
    lines.push('')
  }
  lines.push(...footer(report, paint))
  return `${lines.join('\n')}\n`
}

function header(report: Report, paint: Paint): string[] {
  const who = report.integration.reference
    ? 'reference claimer'
    : printable(report.integration.command)
  return [
    paint(1, `${report.kit.name} ${report.kit.version}`),
    `integration: ${who}`,
    ...(report.notes ?? []).map(printable),
    `observed: ${describeProfile(report.profile)}`,
    ...(report.strictWarnings ? ['warnings fail the run (--strict-warnings)'] : []),
    ...(report.lenient ? [paint(33, lenientNote)] : []),
    paint(2, `started ${report.startedAt}`),
  ]
}

function scenario(result: ScenarioResult, strict: boolean, paint: Paint): string[] {
  const line = `  ${marker(result, strict, paint)} ${result.id}  ${printable(result.rule)}  ${paint(2, `(${seconds(result.durationMs)})`)}`
  if (result.outcome === 'pass') return [line]
  return [line, ...details(result, paint)]
}

const colours: Record<Outcome, number> = {
  pass: 32,
  fail: 31,
  error: 33,
  warning: 33,
  'not-applicable': 36,
}

function marker(result: ScenarioResult, strict: boolean, paint: Paint): string {
  const failing = isFailing(result, strict)
  const colour = result.outcome === 'warning' && failing ? 31 : colours[result.outcome]
  const note = !result.expectedFailure
    ? ''
    : failing
      ? ' (expected)'
      : result.outcome === 'pass'
        ? ' (listed as expected failure)'
        : ''
  return paint(colour, markers[result.outcome]) + note
}

function details(result: ScenarioResult, paint: Paint): string[] {
  const pad = '      '
  if (result.outcome === 'not-applicable') {
    return [`${pad}not applicable: ${printable(result.evidence.observed)}`]
  }
  const out = [
    `${pad}expected: ${printable(result.evidence.expected)}`,
    `${pad}observed: ${printable(result.evidence.observed)}`,
  ]
  const evidence = truncate(result.evidence.lines, maxEvidenceLines, 'head')
  if (evidence.length > 0) out.push(`${pad}evidence:`, ...evidence.map((l) => `${pad}  ${l}`))
  const output = truncate(result.output ?? [], maxOutputLines, 'tail')
  if (output.length > 0) {
    out.push(`${pad}integration output (last lines):`)
    out.push(...output.map((l) => paint(2, `${pad}  ${l}`)))
  }
  return out
}

/** The first (head) or last (tail) `max` lines, cleaned, with a note of how many were left out. */
export function truncate(lines: readonly string[], max: number, keep: 'head' | 'tail'): string[] {
  const clean = lines.map(printable)
  if (clean.length <= max) return clean
  const hidden = clean.length - max
  if (keep === 'head') return [...clean.slice(0, max), `… ${hidden} more`]
  return [`… ${hidden} earlier`, ...clean.slice(-max)]
}

function footer(report: Report, paint: Paint): string[] {
  const s = summarise(report)
  const parts = [`${s.passed} passed`]
  if (s.failed > 0) parts.push(`${s.failed} failed`)
  if (s.errors > 0) parts.push(plural(s.errors, 'error'))
  if (s.warnings > 0) parts.push(plural(s.warnings, 'warning'))
  if (s.notApplicable > 0) parts.push(`${s.notApplicable} not applicable`)
  if (s.expectedFailures > 0) parts.push(plural(s.expectedFailures, 'expected failure'))
  // A race's report has one result per invariant, conform's one per scenario.
  const noun = report.kit.name === 'fake-pleo race' ? 'invariant' : 'scenario'
  const summary = `${plural(s.total, noun)}: ${parts.join(', ')} (${seconds(report.durationMs)})`
  const colour = exitCodeOf(report) === 1 ? 31 : 32
  const lines = [paint(colour, summary)]
  const passedAnyway = report.results.filter((r) => r.expectedFailure && r.outcome === 'pass')
  if (passedAnyway.length > 0) {
    const ids = passedAnyway.map((r) => r.id).join(', ')
    const it = passedAnyway.length === 1 ? 'it' : 'them'
    lines.push(
      paint(
        33,
        `${ids} passed but ${passedAnyway.length === 1 ? 'is' : 'are'} listed as expected to fail: remove ${it} from the --expected-failures file.`,
      ),
    )
  }
  return lines
}
