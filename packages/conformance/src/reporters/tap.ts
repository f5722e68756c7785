// The TAP version 14 reporter: the integration's observed profile as a comment, a plan line, one
// test point per scenario ("ok 1 - DETECT-001 …"), a YAML diagnostic block (expected, observed,
// evidence, the integration's output) under each one that failed or warned, `# TODO expected
// failure` on the scenarios listed as expected to fail, `# SKIP not applicable: reason` on one not
// applicable to this integration, and `severity: error` for a scenario the kit could not run or
// `severity: warning` for a warning (an `ok` point, `not ok` under strict warnings).
import {
  describeProfile,
  isFailing,
  summarise,
  type Report,
  type ScenarioResult,
} from '../report.ts'
import { lenientNote, plural, printable, stripAnsi, title } from './text.ts'

export function renderTap(report: Report): string {
  const lines = [
    'TAP version 14',
    `# ${report.kit.name} ${report.kit.version}`,
    `# integration: ${report.integration.reference ? 'reference claimer' : printable(report.integration.command)}`,
    `# observed: ${printable(describeProfile(report.profile))}`,
    ...(report.strictWarnings ? ['# warnings fail the run (--strict-warnings)'] : []),
    ...(report.lenient ? [`# ${lenientNote}`] : []),
    `1..${report.results.length}`,
  ]
  report.results.forEach((result, i) =>
    lines.push(...testPoint(result, i + 1, report.strictWarnings)),
  )
  const s = summarise(report)
  lines.push(
    `# ${plural(s.total, 'scenario')}: ${s.passed} passed, ${s.failed} failed, ` +
      `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ` +
      `${s.notApplicable} not applicable, ${plural(s.expectedFailures, 'expected failure')}`,
  )
  return `${lines.join('\n')}\n`
}

function testPoint(result: ScenarioResult, n: number, strict: boolean): string[] {
  const status = isFailing(result, strict) ? 'not ok' : 'ok'
  const description = `${status} ${n} - ${escapeDescription(title(result))}`
  if (result.outcome === 'not-applicable') {
    return [`${description} # SKIP not applicable: ${escapeDescription(result.evidence.observed)}`]
  }
  const todo = result.expectedFailure ? ' # TODO expected failure' : ''
  const line = `${description}${todo}`
  if (result.outcome === 'pass') return [line]
  return [line, ...diagnostic(result)]
}

/** TAP 14 descriptions: one line, with `\` and `#` escaped so a rule cannot start a directive. */
export function escapeDescription(text: string): string {
  return printable(text).replaceAll('\\', '\\\\').replaceAll('#', '\\#')
}

/** A YAML scalar that is always safe: a JSON string (a valid YAML double-quoted scalar) made of
 * characters YAML allows unescaped. */
export function yamlString(text: string): string {
  let out = ''
  for (const ch of JSON.stringify(stripAnsi(text))) {
    const cp = ch.codePointAt(0) ?? 0
    const unprintable = cp === 0x7f || (cp >= 0x80 && cp <= 0x9f && cp !== 0x85)
    const lone = cp >= 0xd800 && cp <= 0xdfff
    if (lone) out += '\\ufffd'
    else if (unprintable) out += `\\u${cp.toString(16).padStart(4, '0')}`
    else out += ch
  }
  return out
}

function diagnostic(result: ScenarioResult): string[] {
  const { expected, observed, lines } = result.evidence
  const yaml = [
    `expected: ${yamlString(expected)}`,
    `observed: ${yamlString(observed)}`,
    ...list('evidence', lines),
    ...list('output', result.output ?? []),
    `duration_ms: ${Math.round(result.durationMs)}`,
  ]
  if (result.outcome === 'error' || result.outcome === 'warning') {
    yaml.push(`severity: ${result.outcome}`)
  }
  return ['  ---', ...yaml.map((l) => `  ${l}`), '  ...']
}

function list(key: string, items: readonly string[]): string[] {
  if (items.length === 0) return []
  return [`${key}:`, ...items.map((item) => `  - ${yamlString(item)}`)]
}
