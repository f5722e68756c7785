// The live view of a property campaign: starts the campaign, feeds its events to the reducer,
// shows its progress and, once it found and shrank a counterexample, the timeline to step
// through. Quitting while it runs stops it (later runs pass without racing) and waits for it.
// @jsxRuntime automatic (the file compiles the same under any loader or bundler config)
import { Box, useApp, useInput } from 'ink'
import { useEffect, useReducer, useRef } from 'react'
import type { UnsafeMode } from '@fake-pleo/contract'
import type { CampaignEvent, CampaignResult } from '@fake-pleo/race'
import { ColorContext, colorsWanted } from '../components/paint.tsx'
import { useTerminalSize, type TerminalSize } from '../use-terminal-size.ts'
import { decideCampaignKey } from './campaign-keys.ts'
import { campaignReducer, initialCampaignState } from './campaign-reducer.ts'
import { CampaignHeader } from './campaign-header.tsx'
import { TimelineView } from './timeline-view.tsx'

export type CampaignStart = (
  onEvent: (event: CampaignEvent) => void,
  stopped: () => boolean,
) => Promise<CampaignResult>

export type CampaignAppProps = {
  readonly start: CampaignStart
  readonly runs: number
  readonly unsafe?: readonly UnsafeMode[]
  /** Saves the counterexample; answers the file written, if any. */
  readonly save?: (result: CampaignResult) => string | undefined
  readonly onExit?: (result: CampaignResult | undefined) => void
  readonly size?: TerminalSize
  readonly color?: boolean
}

export function CampaignApp(props: CampaignAppProps) {
  const { exit } = useApp()
  const [state, dispatch] = useReducer(campaignReducer, undefined, () =>
    initialCampaignState(props.runs, props.unsafe),
  )
  const { columns, rows } = useTerminalSize(props.size)
  const stop = useRef(false)
  const running = useRef<Promise<CampaignResult | undefined> | null>(null)

  useEffect(() => {
    const onEvent = (event: CampaignEvent) =>
      dispatch({ type: 'event', event, at: performance.now() })
    running.current ??= props
      .start(onEvent, () => stop.current)
      .then(
        (result) => {
          const file = result.counterexample ? props.save?.(result) : undefined
          if (file) dispatch({ type: 'saved', file })
          return result
        },
        () => undefined,
      )
  }, [props])

  useInput((input, key) => {
    const decision = decideCampaignKey(state, { input, ...key })
    if (decision.action) dispatch(decision.action)
    if (!decision.quit) return
    stop.current = true
    dispatch({ type: 'quitting' })
    void running.current?.then((result) => {
      props.onExit?.(result)
      exit()
    })
  })

  return (
    <ColorContext.Provider value={props.color ?? colorsWanted()}>
      <Box flexDirection="column" width={columns}>
        <CampaignHeader state={state} width={columns} />
        <TimelineView state={state} width={columns} rows={rows - 4} />
      </Box>
    </ColorContext.Provider>
  )
}
