// @fake-pleo/conformance: plays Pleo against a third-party integration, drives it through a plan
// of scenarios with stable ids, and grades what it did from what the fake observed.
export { runConformance, selectScenarios, type ConformanceOptions } from './runner.ts'
export { plan, scenarioIds } from './plan/index.ts'
export { KitError, type ScenarioDefinition, type Verdict } from './scenario.ts'
export * from './report.ts'
export type { IntegrationSpec } from './integration.ts'
export * from './reporters/index.ts'
export * from './race/index.ts'
