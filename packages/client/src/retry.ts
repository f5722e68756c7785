// Retry policy: which answers are worth another try (network errors, 5xx and 429; never another
// 4xx) and how long to wait first: `Retry-After` in seconds when the server sent one, otherwise
// exponential backoff with full jitter (a uniform draw from the injected `random` below
// `min(maxMs, baseMs * 2^(attempt-1))`). Every wait is capped at `maxMs`.

export type RetryOptions = {
  /** Total tries, the first included (default 4). */
  attempts: number
  /** The first backoff ceiling in milliseconds (default 200). */
  baseMs: number
  /** No wait is ever longer than this (default 5000). */
  maxMs: number
}

export const defaultRetry: RetryOptions = { attempts: 4, baseMs: 200, maxMs: 5000 }

export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599)
}

/** Retry-After as milliseconds; only the delay-seconds form, anything else is ignored. */
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null || !/^\s*\d{1,9}\s*$/.test(header)) return undefined
  return Number(header) * 1000
}

/** How long to wait before try number `attempt + 1`, `attempt` counting from 1. */
export function backoffMs(
  attempt: number,
  options: RetryOptions,
  random: () => number,
  retryAfter?: number,
): number {
  if (retryAfter !== undefined) return Math.min(retryAfter, options.maxMs)
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1))
  return Math.floor(random() * ceiling)
}
