// How `fake-pleo serve` asks V8 to collect its garbage (decision 0024). `lean` (the default) keeps
// the young generation at its initial size and lets the old generation grow only 30% past what
// survived the last full collection, so a fake left running under heavy traffic holds little more
// memory than it uses; `node` leaves Node's own pacing, which lets garbage pile up to a few
// hundred MB before collecting it. Both flags are read by V8 at each collection, so setting them
// once the process runs takes effect; only `serve` sets them (a library never changes its host's
// V8).
import { setFlagsFromString } from 'node:v8'

export const gcModes = ['lean', 'node'] as const
export type GcMode = (typeof gcModes)[number]

/** V8 flags of the lean mode, each a name V8 knows (setFlagsFromString ignores unknown ones). */
export const leanGcFlags = ['--semi-space-growth-factor=1', '--heap-growing-percent=30'] as const

/** Applies a mode's flags through `setFlags` and returns the flags it set. */
export function applyGcMode(
  mode: GcMode,
  setFlags: (flags: string) => void = setFlagsFromString,
): readonly string[] {
  if (mode === 'node') return []
  for (const flag of leanGcFlags) setFlags(flag)
  return leanGcFlags
}
