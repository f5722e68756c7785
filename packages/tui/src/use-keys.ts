// The one keyboard hook: every key press goes through `decideKey`, and this hook carries out what
// it decided (commands to the race, actions to the reducer, quit or restart). Keys typed faster
// than React renders are decided against the state with the earlier keys' actions applied.
import { useInput } from 'ink'
import { useRef, type Dispatch } from 'react'
import { decideKey, type KeyOptions } from './keys.ts'
import { raceReducer, type RaceAction, type RaceState } from './race-reducer.ts'
import type { LiveRace } from './race-types.ts'

export type KeyHandlers = KeyOptions & {
  race: LiveRace
  state: RaceState
  dispatch: Dispatch<RaceAction>
  onQuit: () => void
  onRestart: () => void
  /** False: no keyboard (a view without a terminal on stdin, e.g. in a benchmark). */
  active: boolean
}

export function useKeys(handlers: KeyHandlers): void {
  const latest = useRef({ rendered: handlers.state, ahead: handlers.state })
  if (latest.current.rendered !== handlers.state)
    latest.current = { rendered: handlers.state, ahead: handlers.state }

  useInput(
    (input, key) => {
      const { race, dispatch } = handlers
      let ahead = latest.current.ahead
      const decision = decideKey(ahead, { input, ctrl: key.ctrl }, handlers)
      const actions: RaceAction[] = [
        ...decision.actions,
        ...decision.commands.map((command) => ({ type: 'sent' as const, command })),
      ]
      for (const command of decision.commands) race.send(command)
      for (const action of actions) {
        ahead = raceReducer(ahead, action)
        dispatch(action)
      }
      latest.current = { ...latest.current, ahead }
      if (decision.effect === 'quit') handlers.onQuit()
      if (decision.effect === 'restart') handlers.onRestart()
    },
    { isActive: handlers.active },
  )
}
