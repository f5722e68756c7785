// The live view of a race: subscribes to the race (throttled), keeps all state in the reducer,
// lays the panes out for the terminal's size and wires the keys. Quitting stops the race and
// exits Ink; restarting asks `restart` for a fresh race with the same scenario.
// @jsxRuntime automatic (the file compiles the same under any loader or bundler config)
import { Box, useApp } from 'ink'
import { useCallback, useReducer, useRef, useState } from 'react'
import { EventLog } from './components/event-log.tsx'
import { Footer } from './components/footer.tsx'
import { Header } from './components/header.tsx'
import { JobsPane } from './components/jobs-pane.tsx'
import { ColorContext, colorsWanted } from './components/paint.tsx'
import { WorkersPane } from './components/workers-pane.tsx'
import { workerRowsFor } from './layout.ts'
import { initialState, raceReducer } from './race-reducer.ts'
import type { LiveRace, RaceSummary } from './race-types.ts'
import { useKeys } from './use-keys.ts'
import { useLiveRace } from './use-live-race.ts'
import { useTerminalSize, type TerminalSize } from './use-terminal-size.ts'

export type AppProps = {
  readonly race: LiveRace
  /** A fresh race with the same scenario (the `r` key); without it `r` does nothing. */
  readonly restart?: () => LiveRace
  /** Where `s` saves histories (default: the current directory). */
  readonly historyDir?: string
  /** Called once the race has stopped after `q`, with its summary (undefined if stop failed). */
  readonly onExit?: (summary: RaceSummary | undefined) => void
  /** Overrides the terminal's size (tests). */
  readonly size?: TerminalSize
  /** Colours on or off (default: off when NO_COLOR is set). */
  readonly color?: boolean
  /** The longest events wait before they are applied, ms (default 66: ~15 renders a second). */
  readonly throttleMs?: number
  /** False: render only, no keyboard (default true). */
  readonly keys?: boolean
}

export function App(props: AppProps) {
  const { exit } = useApp()
  const [race, setRace] = useState(props.race)
  const [state, dispatch] = useReducer(raceReducer, props.race.scenario, initialState)
  const { columns, rows } = useTerminalSize(props.size)
  const { onExit, restart } = props

  useLiveRace(race, dispatch, props.throttleMs)

  const quitting = useRef(false)
  const onQuit = useCallback(() => {
    if (quitting.current) return
    quitting.current = true
    dispatch({ type: 'quitting' })
    race.stop().then(
      (summary) => {
        onExit?.(summary)
        exit()
      },
      () => {
        onExit?.(undefined)
        exit()
      },
    )
  }, [race, onExit, exit])

  const onRestart = useCallback(() => {
    if (!restart) return
    race.stop().catch(() => undefined)
    const next = restart()
    dispatch({ type: 'reset', scenario: next.scenario })
    setRace(next)
  }, [race, restart])

  useKeys({
    race,
    state,
    dispatch,
    onQuit,
    onRestart,
    historyDir: props.historyDir,
    active: props.keys ?? true,
  })

  return (
    <ColorContext.Provider value={props.color ?? colorsWanted()}>
      <Box flexDirection="column" width={columns}>
        <EventLog log={state.log} width={columns} />
        <Header state={state} width={columns} />
        <WorkersPane workers={state.workers} width={columns} maxRows={workerRowsFor(rows)} />
        <JobsPane jobs={state.jobs} now={state.now} width={columns} />
        <Footer state={state} width={columns} />
      </Box>
    </ColorContext.Provider>
  )
}
