// Renders the campaign view with Ink and resolves with the campaign's result once the user quits
// (undefined if the campaign failed to run).
import { createElement } from 'react'
import { renderUntilExit } from '../render-until-exit.ts'
import type { UnsafeMode } from '@fake-pleo/contract'
import type { CampaignResult } from '@fake-pleo/race'
import { CampaignApp, type CampaignStart } from './campaign-app.tsx'

export type RunCampaignTuiOptions = {
  start: CampaignStart
  runs: number
  unsafe?: readonly UnsafeMode[]
  /** Where the counterexample is saved (shown in the replay command). */
  out?: string
  save?: (result: CampaignResult) => void
  stdout?: NodeJS.WriteStream
  stdin?: NodeJS.ReadStream
}

export async function runCampaignTui(
  options: RunCampaignTuiOptions,
): Promise<CampaignResult | undefined> {
  let result: CampaignResult | undefined
  const { save, out } = options
  const app = createElement(CampaignApp, {
    start: options.start,
    runs: options.runs,
    ...(options.unsafe ? { unsafe: options.unsafe } : {}),
    save: (found) => {
      save?.(found)
      return out
    },
    onExit: (value) => {
      result = value
    },
  })
  await renderUntilExit(app, options)
  return result
}
