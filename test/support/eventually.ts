// eventually: reads until a check holds, for tests where another process acts on its own schedule
// (a second `fake-pleo serve` sending webhooks, say). vi.waitFor does the waiting; a timeout
// fails with what was asked and the last value read.
import { vi } from 'vitest'

export function eventually<T>(
  what: string,
  read: () => Promise<T> | T,
  check: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  return vi.waitFor(
    async () => {
      const last = await read()
      if (!check(last))
        throw new Error(`${what} never happened; last seen: ${JSON.stringify(last)}`)
      return last
    },
    { timeout: timeoutMs, interval: 25 },
  )
}
