// Subscribes to a live race and feeds its events to the reducer through the throttle: however
// many events arrive, the reducer sees at most one batch every `intervalMs`.
import { useEffect, type Dispatch } from 'react'
import { createEventThrottle } from './throttle.ts'
import type { RaceAction } from './race-reducer.ts'
import type { LiveEvent, LiveRace } from './race-types.ts'

const defaultThrottleMs = 66

export function useLiveRace(
  race: LiveRace,
  dispatch: Dispatch<RaceAction>,
  intervalMs = defaultThrottleMs,
): void {
  useEffect(() => {
    const throttle = createEventThrottle<LiveEvent>({
      intervalMs,
      flush: (events, at) => dispatch({ type: 'events', events, at }),
    })
    const unsubscribe = race.subscribe((events) => throttle.push(events))
    return () => {
      unsubscribe()
      throttle.dispose()
    }
  }, [race, dispatch, intervalMs])
}
