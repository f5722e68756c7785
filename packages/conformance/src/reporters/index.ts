// The conformance kit's reporters by name, as `--reporter` takes them: pretty (for people), json,
// junit (for CI test views) and tap; and the reader of the `--expected-failures` file.
import type { Report } from '../report.ts'
import { renderJson } from './json.ts'
import { renderJunit } from './junit.ts'
import { renderPretty } from './pretty.ts'
import { renderTap } from './tap.ts'

export { renderJson, type JsonReport } from './json.ts'
export { renderJunit, escapeXml } from './junit.ts'
export { renderPretty, type PrettyOptions } from './pretty.ts'
export { renderTap } from './tap.ts'
export { lenientNote, markers } from './text.ts'
export { parseExpectedFailures, type ExpectedFailures } from './expected-failures.ts'

export const reporters = ['pretty', 'json', 'junit', 'tap'] as const
export type ReporterName = (typeof reporters)[number]

/** Only the pretty reporter uses colour; the others ignore it. */
export type RenderOptions = { color?: boolean }

export function isReporterName(name: string): name is ReporterName {
  return (reporters as readonly string[]).includes(name)
}

export function render(report: Report, name: ReporterName, options: RenderOptions = {}): string {
  switch (name) {
    case 'pretty':
      return renderPretty(report, { color: options.color ?? false })
    case 'json':
      return renderJson(report)
    case 'junit':
      return renderJunit(report)
    case 'tap':
      return renderTap(report)
  }
}
