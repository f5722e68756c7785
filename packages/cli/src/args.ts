// Argument parsing shared by the subcommands: node's parseArgs with friendly errors, and small
// validators for numbers and choices. A bad argument is a UsageError (exit code 2).

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
