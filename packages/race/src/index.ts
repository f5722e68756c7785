// @fake-pleo/race: races reference claimers against one fake, records every operation as a
// Jepsen-style history and checks the claim-safety invariants of DESIGN §5.
export * from './history.ts'
export type * from './final-state.ts'
export * from './checker/index.ts'
export { runRace, type RaceOptions, type RaceResult, type Transport } from './engine.ts'
export type { RaceEnvironment, WebhookHandler } from './environment.ts'
export { httpEnvironment, type HttpEnvironmentOptions } from './over-http.ts'
export { inProcessEnvironment } from './in-process.ts'
export { createSimScheduler, type SimClock, type SimScheduler } from './sim-scheduler.ts'
export {
  answerOperation,
  createRecordingFetch,
  listingPages,
  requestOperation,
  WorkerKilled,
  type Classified,
  type FetchLike,
} from './recording-fetch.ts'
// The parts a race over another program's instances (`fake-pleo race --cmd`) builds on.
export { createNemesis, type NemesisOptions } from './nemesis.ts'
export { openJobs, readFinalState } from './final-read.ts'
export { realTime, type RealTime } from './real-time.ts'
export type { Worker } from './worker.ts'
export {
  defaultScenario,
  faultPresets,
  faultRules,
  scenario,
  scenarioSchema,
  type FaultPreset,
  type Scenario,
  type ScenarioOverrides,
} from './scenario.ts'
export { zombieMoves, type ZombieMove } from './zombies.ts'
export { summarise, type RaceSummary } from './summary.ts'
export { createBooks } from './books.ts'
export { jobsSnapshot } from './live-snapshot.ts'
export { scenarioArbitrary, type ScenarioLimits } from './arbitraries.ts'
export { startLiveRace, speedLimits, type LiveOptions } from './live.ts'
export { createLiveBatcher, type LiveBatcher } from './live-batcher.ts'
export type * from './live-types.ts'
export { attachEnvironment, type AttachOptions } from './attach.ts'
export * from './campaign/index.ts'
