// Property campaigns: fast-check over generated scenarios, each raced in-process and checked, a
// failing one shrunk to a counterexample that can be saved, replayed and stepped through.
export { campaignLimits, runCampaign } from './run-campaign.ts'
export { createInterleavingSet, interleavingKey } from './interleavings.ts'
export {
  counterexampleFile,
  counterexampleKind,
  readCounterexampleFile,
  type CounterexampleFile,
} from './file.ts'
export {
  buildTimeline,
  type Timeline,
  type TimelineJob,
  type TimelineProcess,
  type TimelineStep,
} from './timeline.ts'
export type * from './types.ts'
export { replayCommands, scenarioLine } from './describe.ts'
