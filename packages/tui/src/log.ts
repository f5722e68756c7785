// The event log's state: the lines written so far (rendered once each by Ink's <Static>) and the
// routine events waiting to be summarised. Important events (violations, settings, saves, kills)
// are written at once; routine ones (claims, conflicts, completions, expiries, faulty deliveries)
// are counted and written as one line per kind, at most `routinePerSecond` lines a second, so a
// burst reads "+37 claims won" instead of flooding the terminal.

export type LogTone = 'good' | 'bad' | 'warn' | 'info' | 'muted'
export type LogLine = { id: number; text: string; tone: LogTone }

const routineKinds = ['claims', 'conflicts', 'completions', 'expiries', 'deliveries'] as const
export type RoutineKind = (typeof routineKinds)[number]

type Pending = { count: number; detail: string | null }

export type LogState = {
  lines: LogLine[]
  /** Bumped when old lines are dropped: <Static> is remounted with only the new ones. */
  epoch: number
  nextId: number
  pending: Record<RoutineKind, Pending>
  windowStart: number
  routineInWindow: number
  /** Violations already written (rule and message), so each is written once. */
  seenViolations: string[]
}

export const routinePerSecond = 4
/** Lines kept in state; older ones are already on the terminal. */
export const maxLogLines = 500

const nothingPending = (): Record<RoutineKind, Pending> => ({
  claims: { count: 0, detail: null },
  conflicts: { count: 0, detail: null },
  completions: { count: 0, detail: null },
  expiries: { count: 0, detail: null },
  deliveries: { count: 0, detail: null },
})

export const initialLog: LogState = {
  lines: [],
  epoch: 0,
  nextId: 0,
  pending: nothingPending(),
  windowStart: 0,
  routineInWindow: 0,
  seenViolations: [],
}

export function writeLine(log: LogState, text: string, tone: LogTone): LogState {
  const line = { id: log.nextId, text, tone }
  return { ...log, lines: [...log.lines, line], nextId: log.nextId + 1 }
}

/** Counts a routine event; `detail` is written instead of the summary when it is the only one. */
export function noteRoutine(
  log: LogState,
  kind: RoutineKind,
  detail: string | null,
  count = 1,
): LogState {
  if (count <= 0) return log
  const was = log.pending[kind]
  const pending = { ...log.pending, [kind]: { count: was.count + count, detail } }
  return { ...log, pending }
}

const summaries: Record<RoutineKind, { tone: LogTone; text: (n: number) => string }> = {
  claims: { tone: 'good', text: (n) => `✓ +${n} claims won` },
  conflicts: { tone: 'warn', text: (n) => `✗ ${n} conflicts (422 on claim)` },
  completions: { tone: 'good', text: (n) => `✓ ${n} jobs completed` },
  expiries: { tone: 'warn', text: (n) => `! ${n} jobs expired` },
  deliveries: { tone: 'warn', text: (n) => `! ${n} webhook deliveries with a fault` },
}

/** Writes the pending routine lines the budget of the current second allows. */
export function flushRoutine(log: LogState, at: number): LogState {
  let next =
    at - log.windowStart >= 1000 ? { ...log, windowStart: at, routineInWindow: 0 } : { ...log }
  for (const kind of routineKinds) {
    const pending = next.pending[kind]
    if (pending.count === 0) continue
    if (next.routineInWindow >= routinePerSecond) break
    const { tone, text } = summaries[kind]
    const line = pending.count === 1 && pending.detail ? pending.detail : text(pending.count)
    next = writeLine(next, line, tone)
    next = {
      ...next,
      pending: { ...next.pending, [kind]: { count: 0, detail: null } },
      routineInWindow: next.routineInWindow + 1,
    }
  }
  return next
}

/** Drops the lines already shown once the log grows past `maxLogLines`. */
export function trimLog(log: LogState, shownBefore: number): LogState {
  if (log.lines.length <= maxLogLines) return log
  return { ...log, lines: log.lines.slice(shownBefore), epoch: log.epoch + 1 }
}
