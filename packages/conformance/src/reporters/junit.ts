// The JUnit XML reporter, in the shape CI systems read: one <testsuite> per group of the plan (its
// <properties> carry the integration's observed profile), one <testcase> per scenario, <failure>
// for a broken rule, <error> for a scenario the kit could not run, <skipped> for an expected
// failure or a scenario not applicable to this integration (with the reason), a warning as a
// passing test case with an `outcome` property and the warning in <system-err> (a <failure> under
// strict warnings), and the integration's last output in <system-out>. Written by hand: text is
// escaped and the characters XML 1.0 forbids are dropped.
import {
  isFailing,
  scenarioGroups,
  type Report,
  type ScenarioGroup,
  type ScenarioResult,
} from '../report.ts'
import { isXmlChar, keepChars, secondsAttr, stripAnsi, title } from './text.ts'

/** Escapes &, <, >, " and ' and drops what XML 1.0 cannot hold (control characters but tab/LF/CR). */
export function escapeXml(text: string): string {
  return keepChars(stripAnsi(text), isXmlChar)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
}

/** In an attribute, line breaks and tabs are written as references so parsers keep them. */
function escapeAttr(text: string): string {
  return escapeXml(text)
    .replaceAll('\n', '&#10;')
    .replaceAll('\r', '&#13;')
    .replaceAll('\t', '&#9;')
}

type Counts = { tests: number; failures: number; errors: number; skipped: number; ms: number }

function countsOf(results: readonly ScenarioResult[], strict: boolean): Counts {
  const unexpected = results.filter((r) => !r.expectedFailure && isFailing(r, strict))
  return {
    tests: results.length,
    failures: unexpected.filter((r) => r.outcome !== 'error').length,
    errors: unexpected.filter((r) => r.outcome === 'error').length,
    skipped: results.filter(
      (r) => (r.expectedFailure && isFailing(r, strict)) || r.outcome === 'not-applicable',
    ).length,
    ms: results.reduce((sum, r) => sum + r.durationMs, 0),
  }
}

function attrs(pairs: Record<string, string | number>): string {
  return Object.entries(pairs)
    .map(([key, value]) => ` ${key}="${escapeAttr(String(value))}"`)
    .join('')
}

export function renderJunit(report: Report): string {
  const all = countsOf(report.results, report.strictWarnings)
  const head = attrs({
    name: report.kit.name,
    tests: all.tests,
    failures: all.failures,
    errors: all.errors,
    skipped: all.skipped,
    time: secondsAttr(report.durationMs),
  })
  const suites = scenarioGroups.flatMap((group) => {
    const results = report.results.filter((r) => r.group === group)
    return results.length === 0 ? [] : testsuite(report, group, results)
  })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${head}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n')
}

/** The observed profile and the run's settings, as <property> elements of every suite. */
function properties(report: Report): string[] {
  const p = report.profile
  const pairs: [string, string | number][] = [
    ['profile.detection', p.detection],
    ['profile.auth', p.auth],
    ['profile.pollIntervalSeconds', p.pollIntervalSeconds ?? 'none'],
    ['profile.webhooksDelivered', p.webhooks.delivered],
    ['profile.webhooksAccepted', p.webhooks.accepted],
    ['strictWarnings', String(report.strictWarnings)],
    ['lenient', String(report.lenient)],
  ]
  return [
    '    <properties>',
    ...pairs.map(([name, value]) => `      <property${attrs({ name, value })}/>`),
    '    </properties>',
  ]
}

function testsuite(report: Report, group: ScenarioGroup, results: ScenarioResult[]): string[] {
  const c = countsOf(results, report.strictWarnings)
  const head = attrs({
    name: group,
    tests: c.tests,
    failures: c.failures,
    errors: c.errors,
    skipped: c.skipped,
    time: secondsAttr(c.ms),
    timestamp: report.startedAt,
  })
  return [
    `  <testsuite${head}>`,
    ...properties(report),
    ...results.flatMap((r) => testcase(r, report.strictWarnings, report.kit)),
    '  </testsuite>',
  ]
}

function testcase(result: ScenarioResult, strict: boolean, kit: Report['kit']): string[] {
  // fake-pleo.conform.<Group>, or fake-pleo.race.<Group> for a race's invariants.
  const kitClass = kit.name.replace(' ', '.')
  const head = attrs({
    classname: `${kitClass}.${result.group}`,
    name: title(result),
    time: secondsAttr(result.durationMs),
  })
  const warning = result.outcome === 'warning'
  const body = [
    ...(warning
      ? [`      <properties><property name="outcome" value="warning"/></properties>`]
      : []),
    ...verdict(result, strict),
    ...systemOut(result),
    ...(warning
      ? [`      <system-err>${escapeXml(`warning\n${detailText(result)}`)}</system-err>`]
      : []),
  ]
  if (body.length === 0) return [`    <testcase${head}/>`]
  return [`    <testcase${head}>`, ...body, '    </testcase>']
}

function verdict(result: ScenarioResult, strict: boolean): string[] {
  const { observed } = result.evidence
  if (result.outcome === 'not-applicable') {
    return [`      <skipped${attrs({ message: `not applicable: ${observed}` })}/>`]
  }
  if (!isFailing(result, strict)) return []
  if (result.expectedFailure) {
    return [`      <skipped${attrs({ message: `expected failure: ${observed}` })}/>`]
  }
  const tag = result.outcome === 'error' ? 'error' : 'failure'
  const head = attrs({ message: observed, type: result.outcome })
  return [`      <${tag}${head}>${escapeXml(detailText(result))}</${tag}>`]
}

function detailText(result: ScenarioResult): string {
  const { expected, observed, lines } = result.evidence
  const evidence = lines.length === 0 ? [] : ['evidence:', ...lines.map((l) => `  ${l}`)]
  return [`expected: ${expected}`, `observed: ${observed}`, ...evidence].join('\n')
}

function systemOut(result: ScenarioResult): string[] {
  const output = result.output ?? []
  if (output.length === 0) return []
  return [`      <system-out>${escapeXml(output.join('\n'))}</system-out>`]
}
