// What a key press means in the campaign view, decided from the state alone: q (or ctrl-c)
// quits, and once a counterexample is shown the arrows step through its timeline (← → one
// operation, ↑ ↓ the previous or next operation of the violation's evidence, PgUp PgDn ten,
// Home End or g G the start and the end, v where the invariant breaks).
import type { CampaignAction, CampaignState } from './campaign-reducer.ts'

export type CampaignKey = {
  input: string
  ctrl?: boolean
  leftArrow?: boolean
  rightArrow?: boolean
  upArrow?: boolean
  downArrow?: boolean
  pageUp?: boolean
  pageDown?: boolean
  home?: boolean
  end?: boolean
}

export type CampaignKeyDecision = { action: CampaignAction | null; quit: boolean }

export const campaignKeyHelp =
  '←/→\u00a0step  ↑/↓\u00a0evidence  PgUp/PgDn\u00a0×10  Home/End\u00a0start/end  v\u00a0breaks  q\u00a0quit'

const act = (action: CampaignAction): CampaignKeyDecision => ({ action, quit: false })
const nothing: CampaignKeyDecision = { action: null, quit: false }

function timelineKey(key: CampaignKey): CampaignKeyDecision {
  if (key.leftArrow) return act({ type: 'step', by: -1 })
  if (key.rightArrow) return act({ type: 'step', by: 1 })
  if (key.pageUp) return act({ type: 'step', by: -10 })
  if (key.pageDown) return act({ type: 'step', by: 10 })
  if (key.upArrow) return act({ type: 'jump', to: 'previous-evidence' })
  if (key.downArrow) return act({ type: 'jump', to: 'next-evidence' })
  if (key.home || key.input === 'g') return act({ type: 'jump', to: 'start' })
  if (key.end || key.input === 'G') return act({ type: 'jump', to: 'end' })
  if (key.input === 'v') return act({ type: 'jump', to: 'breaks' })
  return nothing
}

export function decideCampaignKey(state: CampaignState, key: CampaignKey): CampaignKeyDecision {
  if (state.quitting) return nothing
  if ((key.ctrl && key.input === 'c') || key.input === 'q') return { action: null, quit: true }
  return state.timeline ? timelineKey(key) : nothing
}
