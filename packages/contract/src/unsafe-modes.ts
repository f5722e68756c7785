// The fake's unsafe modes: each one deliberately breaks one of Pleo's rules, so a race (and its
// checker) can be shown catching that bug. They are departures from Pleo, clearly labelled and
// never on by default. `claims` is the check-then-act claim; the others accept what Pleo refuses
// or skip expiry. Pure data: the server applies them, the race, the CLI and the live view name them.

export const unsafeModes = [
  'claims',
  'late-items',
  'second-final',
  'no-expiry',
  'big-batches',
] as const
export type UnsafeMode = (typeof unsafeModes)[number]

/** What each mode breaks, in one line (help texts, the live view's confirm line, warnings). */
export const unsafeModeBreaks: Record<UnsafeMode, string> = {
  claims: 'check-then-act claims: two workers can both win a job',
  'late-items': 'item updates are accepted after the job finished or expired (Pleo: 422)',
  'second-final': 'a final event is accepted on a job that already ended (Pleo: 422)',
  'no-expiry': 'jobs never expire: an abandoned job stays in progress for ever',
  'big-batches': 'item updates of more than 100 items are accepted (Pleo: 413)',
}

export const isUnsafeMode = (value: string): value is UnsafeMode =>
  (unsafeModes as readonly string[]).includes(value)

/**
 * Parses `MODE[,MODE]` (a bare flag, `true` or an empty string mean `claims`); throws naming the
 * modes on an unknown one. Duplicates are dropped; the order is the catalogue's.
 */
export function parseUnsafeModes(text: string | boolean | undefined): UnsafeMode[] {
  if (text === undefined || text === false) return []
  if (text === true || text.trim() === '') return ['claims']
  const asked = text.split(',').map((part) => part.trim())
  const unknown = asked.filter((part) => !isUnsafeMode(part))
  if (unknown.length > 0) {
    throw new Error(`unknown unsafe mode ${unknown.join(', ')} (one of ${unsafeModes.join(', ')})`)
  }
  return unsafeModes.filter((mode) => asked.includes(mode))
}
