// The request log of `serve` in batches: lines are kept in order and written together once per
// turn of the event loop (or at once when 256 wait), so a busy server makes one write per turn
// instead of one per request (stdout redirected to a file writes synchronously, a system call per
// write). Each line keeps the time stamp it was given; `flush` writes what waits (before the
// shutdown message). A failed write is reported once through `onError` and does not stop serving.
export type LineBatch = { add(text: string): void; flush(): void }

const batchMax = 256

export function lineBatch(
  write: (text: string) => void,
  onError: (error: unknown) => void,
): LineBatch {
  let waiting: string[] = []
  let queued = false
  let failed = false
  const flush = () => {
    queued = false
    if (waiting.length === 0) return
    const text = waiting.join('')
    waiting = []
    try {
      write(text)
    } catch (error) {
      if (!failed) onError(error)
      failed = true
    }
  }
  return {
    add(text) {
      waiting.push(text)
      if (waiting.length >= batchMax) flush()
      else if (!queued) {
        queued = true
        setImmediate(flush)
      }
    },
    flush,
  }
}
