// Argument parsing shared by the subcommands: node's parseArgs with friendly errors, and small
// validators for numbers and choices. A bad argument is a UsageError (exit code 2).

import { parseUnsafeModes, type UnsafeMode } from '@fake-pleo/contract'

export class UsageError extends Error {}

export function choice<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got '${value}')`)
}

export function integer(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback
  if (!/^\d+$/.test(value))
    throw new UsageError(`--${name} must be a whole number (got '${value}')`)
  const n = Number(value)
  if (n < min || n > max)
    throw new UsageError(`--${name} must be between ${min} and ${max} (got ${n})`)
  return n
}

/**
 * `--unsafe` takes `MODE[,MODE]`, but a bare `--unsafe` (last, or followed by another option)
 * keeps meaning `claims`: rewritten here to `--unsafe=claims` before parseArgs sees it.
 */
export function bareUnsafe(argv: readonly string[]): string[] {
  return argv.map((arg, i) => {
    const next = argv[i + 1]
    return arg === '--unsafe' && (next === undefined || next.startsWith('-'))
      ? '--unsafe=claims'
      : arg
  })
}

/** The unsafe modes of `--unsafe MODE[,MODE]` (and `--unsafe-claims`); a bad one is a UsageError. */
export function unsafeModesArg(value: string | undefined, claims = false): UnsafeMode[] {
  try {
    const modes = parseUnsafeModes(value)
    return claims && !modes.includes('claims')
      ? parseUnsafeModes(['claims', ...modes].join(','))
      : modes
  } catch (error) {
    throw new UsageError(`--unsafe: ${error instanceof Error ? error.message : String(error)}`)
  }
}
