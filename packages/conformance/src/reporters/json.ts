// The JSON reporter: the report exactly as the kit holds it, plus its summary, pretty-printed, for
// tools that want to read a run back (dashboards, diffs between two runs of an integration).
import { summarise, type Report, type Summary } from '../report.ts'

export type JsonReport = Report & { summary: Summary }

export function renderJson(report: Report): string {
  const document: JsonReport = { ...report, summary: summarise(report) }
  return `${JSON.stringify(document, null, 2)}\n`
}
