// The race vocabulary the view reads, gathered in one place so the rest of the package imports
// its types from here (types only: nothing of the engine is loaded). The live types are not yet
// exported by @fake-pleo/race's entry point, so they are read from their module directly.
export type {
  JobsSnapshot,
  LiveCommand,
  LiveEvent,
  LiveRace,
  WorkerTrigger,
} from '../../race/src/live-types.ts'
export type { FaultPreset, Operation, RaceSummary, Scenario, Violation } from '@fake-pleo/race'
