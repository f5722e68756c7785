// The virtual clock's place in the store: its state is saved under one meta key whenever it
// moves (and from the start), so a fake restarted on the same database file resumes at the same
// virtual time. The composition root reads it back; the control API's clock routes save it.
import type { Clock } from '../clock.ts'
import type { Store } from '../store/types.ts'

export const clockMetaKey = 'clock'

/** Saves the clock's state (mode, offset or frozen time) in the store's meta table. */
export function saveClock(store: Pick<Store, 'setMeta'>, clock: Pick<Clock, 'state'>): void {
  store.setMeta(clockMetaKey, JSON.stringify(clock.state()))
}
