// The live view's event channel: events are buffered and handed to every subscriber in batches
// (every `batchMs`, and at once on `flush()`), so a fast race does not re-render the view per
// operation. One home for the live race and for a race of the user's own integration.
import type { LiveEvent } from './live-types.ts'

type Listener = (events: readonly LiveEvent[]) => void

export type LiveBatcher = {
  emit(event: LiveEvent): void
  /** Hands what is buffered to the subscribers now. */
  flush(): void
  subscribe(listener: Listener): () => boolean
  /** Flushes and stops the timer. */
  close(): void
}

export function createLiveBatcher(batchMs = 50): LiveBatcher {
  const listeners = new Set<Listener>()
  let buffer: LiveEvent[] = []
  const flush = () => {
    if (buffer.length === 0) return
    const batch = buffer
    buffer = []
    for (const listener of listeners) listener(batch)
  }
  const timer = setInterval(flush, batchMs)
  return {
    emit: (event) => void buffer.push(event),
    flush,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close() {
      flush()
      clearInterval(timer)
    },
  }
}
