// The in-process bus of domain events (DESIGN §4): what the live stream (/_sim/stream) and tools
// follow instead of polling. Emitting never throws into the caller: a failing listener is
// dropped from that one event and logged.

export const domainEventTypes = [
  'job.created',
  'job.claimed',
  'job.conflict',
  'job.updated',
  'job.expired',
  'job.finished',
  'delivery.attempted',
  'journal.appended',
] as const
export type DomainEventType = (typeof domainEventTypes)[number]

/**
 * Sent only to streams that name them in `types`: one per journaled request, which would
 * otherwise flood every follower (the web app's journal tail asks for it).
 */
export const optInEventTypes: readonly DomainEventType[] = ['journal.appended']

export type DomainEvent = { type: DomainEventType; at: number; data: Record<string, unknown> }

export type EventBus = {
  emit(type: DomainEventType, at: number, data: Record<string, unknown>): void
  subscribe(listener: (event: DomainEvent) => void): () => void
  /** How many listeners are subscribed (tests check streams unsubscribe when they close). */
  listenerCount(): number
}

export function createEventBus(onListenerError: (error: unknown) => void = () => {}): EventBus {
  const listeners = new Set<(event: DomainEvent) => void>()
  return {
    emit(type, at, data) {
      const event = { type, at, data }
      for (const listener of listeners) {
        try {
          listener(event)
        } catch (error) {
          onListenerError(error)
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    listenerCount: () => listeners.size,
  }
}
