// `fake-pleo race --cmd`: a race over several instances of the user's integration, judged by the
// race engine's checker and reported as `conform` reports.
export { raceIntegration, type IntegrationRaceOptions, type IntegrationRaceResult } from './run.ts'
export { describeOperation, raceInvariants, raceReport } from './report.ts'
