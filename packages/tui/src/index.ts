// @fake-pleo/tui: the live view of a race in the terminal. `runTui` renders the App with Ink and
// resolves once the user quits and the race has stopped; the reducers, the key decisions and the
// event throttle are exported for tests and benchmarks.
import { render } from 'ink'
import { createElement } from 'react'
import { renderUntilExit } from './render-until-exit.ts'
import { App } from './app.tsx'
import type { LiveRace, RaceSummary, Scenario } from './race-types.ts'

export type RunTuiOptions = {
  start: (scenario: Scenario) => LiveRace
  scenario: Scenario
  stdout?: NodeJS.WriteStream
  stdin?: NodeJS.ReadStream
  /** Where `s` saves histories (default: the current directory). */
  historyDir?: string
  /** False: `r` does nothing (a race that cannot start again; default true). */
  restartable?: boolean
}

export async function runTui(options: RunTuiOptions): Promise<{ summary?: RaceSummary }> {
  let summary: RaceSummary | undefined
  let race = options.start(options.scenario)
  const restart = () => {
    race = options.start(race.scenario)
    return race
  }
  const app = createElement(App, {
    race,
    ...(options.restartable === false ? {} : { restart }),
    ...(options.historyDir !== undefined ? { historyDir: options.historyDir } : {}),
    onExit: (result) => {
      summary = result
    },
  })
  await renderUntilExit(app, options)
  return summary ? { summary } : {}
}

/**
 * Renders the view of `race` into `stdout` without keys or an exit of its own (benchmarks,
 * embedding); answers a function that unmounts it.
 */
export function mountView(
  race: LiveRace,
  options: { stdout: NodeJS.WriteStream; columns: number; rows: number; color?: boolean },
): () => void {
  const instance = render(
    createElement(App, {
      race,
      keys: false,
      size: { columns: options.columns, rows: options.rows },
      ...(options.color !== undefined ? { color: options.color } : {}),
    }),
    { stdout: options.stdout, maxFps: 15, patchConsole: false, exitOnCtrlC: false },
  )
  return () => instance.unmount()
}

export { App, type AppProps } from './app.tsx'
export {
  initialState,
  raceReducer,
  shortId,
  type RaceAction,
  type RaceState,
  type Settings,
} from './race-reducer.ts'
export { decideKey, nextPreset, saveFileName, type KeyDecision, type KeyPress } from './keys.ts'
export {
  applyOperation,
  applyPass,
  applyWorkerEvent,
  describeActivity,
  type WorkerActivity,
  type WorkerRow,
  type Workers,
} from './workers.ts'
export { initialLog, type LogLine, type LogState } from './log.ts'
export {
  createEventThrottle,
  type EventThrottle,
  type EventThrottleOptions,
  type TimerHandle,
} from './throttle.ts'
export { runCampaignTui, type RunCampaignTuiOptions } from './campaign/run-campaign-tui.ts'
export { CampaignApp, type CampaignAppProps, type CampaignStart } from './campaign/campaign-app.tsx'
export {
  campaignReducer,
  initialCampaignState,
  type CampaignAction,
  type CampaignState,
  type TimelineJump,
} from './campaign/campaign-reducer.ts'
export { decideCampaignKey, type CampaignKey } from './campaign/campaign-keys.ts'
