// A small worker pool: runs `work` over `items` with at most `concurrency` in flight, taking the
// items in order as workers free up, and answers the results in the items' order whatever order
// they finished in. `onStart` and `onResult` are told as each item starts and ends, with how many
// are running and done, so progress can stream while the pool runs. `work` must not throw (the
// runner turns every failure into a result); if it does, the pool still finishes the other items
// and then rejects with the first error.

export type PoolProgress = {
  /** Items started and not yet finished (this one included, at start). */
  running: number
  /** Items finished (this one included, at its result). */
  done: number
  total: number
}

export type PoolHooks<T, R> = {
  onStart?: (item: T, index: number, progress: PoolProgress) => void
  onResult?: (result: R, item: T, index: number, progress: PoolProgress) => void
}

/** The concurrency to use: a whole number of at least 1 (1 for anything else). */
export const concurrencyOf = (n: number | undefined, fallback: number) => {
  const value = n ?? fallback
  return Number.isFinite(value) && value >= 1 ? Math.floor(value) : 1
}

export async function runPool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
  hooks: PoolHooks<T, R> = {},
): Promise<R[]> {
  const results = new Array<R>(items.length)
  const total = items.length
  let next = 0
  let running = 0
  let done = 0
  let failure: { error: unknown } | undefined
  const worker = async () => {
    while (next < total) {
      const index = next++
      const item = items[index]!
      running++
      hooks.onStart?.(item, index, { running, done, total })
      let result: R
      try {
        result = await work(item, index)
      } catch (error) {
        running--
        done++
        failure ??= { error }
        continue
      }
      results[index] = result
      running--
      done++
      hooks.onResult?.(result, item, index, { running, done, total })
    }
  }
  const workers = Math.min(concurrencyOf(concurrency, 1), Math.max(total, 1))
  await Promise.all(Array.from({ length: workers }, worker))
  if (failure) throw failure.error
  return results
}
