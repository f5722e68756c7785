// Small text helpers the reporters share: durations in seconds, plurals, and cleaning strings that
// come from outside the kit (an integration's output, journal lines) of terminal escapes and of the
// characters a terminal, an XML document or a YAML block cannot carry.
import type { Outcome, ScenarioResult } from '../report.ts'

const ESC = String.fromCharCode(27)
const ansiSequence = new RegExp(
  `${ESC}\\[[0-?]*[ -/]*[@-~]|${ESC}\\][^${ESC}\\u0007]*(\\u0007|${ESC}\\\\)?`,
  'g',
)

/** "1.2 s" from 1234 ms. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

/** "3.456" (seconds, three decimals) for JUnit's time attributes. */
export function secondsAttr(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3)
}

/** "1 error", "2 errors"; "1 expected failure", "2 expected failures". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/** Drops ANSI escape sequences (colours, cursor moves) an integration may print. */
export function stripAnsi(text: string): string {
  return text.replace(ansiSequence, '')
}

/** True for a code point XML 1.0 allows: tab, LF, CR, and the rest bar controls and non-characters. */
export function isXmlChar(cp: number): boolean {
  if (cp === 0x9 || cp === 0xa || cp === 0xd) return true
  if (cp < 0x20) return false
  if (cp <= 0xd7ff) return true
  if (cp >= 0xe000 && cp <= 0xfffd) return true
  return cp >= 0x10000 && cp <= 0x10ffff
}

/** Keeps only the code points `keep` accepts (iterates by code point, so lone surrogates are seen). */
export function keepChars(text: string, keep: (cp: number) => boolean): string {
  let out = ''
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0
    if (keep(cp)) out += ch
  }
  return out
}

/** One line for a terminal: no escapes, no control characters (a tab becomes two spaces). */
export function printable(text: string): string {
  const noTabs = stripAnsi(text).replaceAll('\t', '  ')
  return keepChars(noTabs, (cp) => cp >= 0x20 && cp !== 0x7f && (cp < 0x80 || cp > 0x9f))
}

/** The scenario's title as every reporter writes it: "DETECT-001 acts on v1.export-job.created". */
export function title(result: ScenarioResult): string {
  return `${result.id} ${result.rule}`
}

/** The marker of each outcome, meaningful without colour (pretty report, CLI progress). */
export const markers: Record<Outcome, string> = {
  pass: '✓',
  fail: '✗',
  error: '!',
  warning: '⚠',
  'not-applicable': '–',
}

/** The header line of a run where the fake accepted the how-tos' spellings (`--lenient`). */
export const lenientNote =
  "lenient: the fake accepted the how-tos' exportJobId and companyId (--lenient); real Pleo refuses them"
