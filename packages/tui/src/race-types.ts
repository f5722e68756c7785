// The race vocabulary the view reads, gathered in one place so the rest of the package imports
// its types from here (types only: nothing of the engine is loaded).
export type {
  FaultPreset,
  JobsSnapshot,
  LiveCommand,
  LiveEvent,
  LiveRace,
  Operation,
  RaceSummary,
  Scenario,
  Violation,
  WorkerTrigger,
} from '@fake-pleo/race'
