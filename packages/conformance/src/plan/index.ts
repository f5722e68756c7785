// The plan: every scenario, in order, with its stable id. Ids never change meaning; new rules get
// new ids. The groups come in the order of `scenarioGroups`.
import type { ScenarioDefinition } from '../scenario.ts'
import { authentication } from './authentication.ts'
import { claiming } from './claiming.ts'
import { detection } from './detection.ts'
import { processing } from './processing.ts'
import { recovery } from './recovery.ts'
import { selection } from './selection.ts'

export const plan: readonly ScenarioDefinition[] = [
  ...detection,
  ...selection,
  ...claiming,
  ...processing,
  ...recovery,
  ...authentication,
]

export const scenarioIds = plan.map((scenario) => scenario.id)
