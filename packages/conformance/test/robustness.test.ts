// The robustness contract: a correct integration passes every scenario however it polls (every
// second, whatever PLEO_POLL_INTERVAL says, or at the interval it asks), however it authenticates
// (API key, OAuth through the authorize URL without a browser, or OAuth tokens handed over by the
// kit) and wherever it listens (PLEO_WEBHOOK_PORT or its own port, given as --webhook-url). A
// scenario may say it could not judge (not-applicable, with the reason); it may never fail, error
// or warn. The report says what was tested.
import { describe, expect, it } from 'vitest'
import { scenarioIds } from '../src/index.ts'
import { freePort } from '../src/integration.ts'
import {
  describeOutcomes,
  fixtureCommand,
  mergeReports,
  outcomesOf,
  planTimeoutMs,
  runPlan,
} from './fixtures/plan-run.ts'

/** Every outcome that is neither pass nor not-applicable. */
const judgedAgainst = (outcomes: string[]) =>
  outcomes.filter((line) => !/: (pass|not-applicable)$/.test(line))

describe('a correct integration, however it is built', () => {
  it(
    'polling every second whatever PLEO_POLL_INTERVAL says: passes every scenario',
    async () => {
      const report = await runPlan(fixtureCommand(undefined, { pollSeconds: 1 }))
      const outcomes = outcomesOf(report)
      expect(report.results.map((r) => r.id)).toEqual(scenarioIds)
      expect(judgedAgainst(outcomes), describeOutcomes(report)).toEqual([])
      // The kit saw it for what it is.
      expect(report.profile).toMatchObject({ detection: 'webhook+polling', auth: 'api-key' })
      expect(report.profile.pollIntervalSeconds).toBeGreaterThanOrEqual(0.8)
      expect(report.profile.pollIntervalSeconds).toBeLessThanOrEqual(1.3)
    },
    planTimeoutMs,
  )

  it(
    'on OAuth (the code from the authorize URL, no browser), on its own port, polling as asked: passes every scenario',
    async () => {
      // With --webhook-url the kit runs one scenario at a time (every scenario's integration
      // listens on that one URL): the plan runs as two halves, each on a port of its own, side by
      // side, and the two reports are judged as one.
      const halves = [0, 1].map((half) => scenarioIds.filter((_, i) => i % 2 === half))
      const report = mergeReports(
        await Promise.all(
          halves.map(async (only) => {
            const port = await freePort()
            return runPlan(fixtureCommand(undefined, { auth: 'oauth', webhookPort: port }), {
              webhookUrl: `http://127.0.0.1:${port}/`,
              only,
            })
          }),
        ),
      )
      expect(report.results.map((r) => r.id)).toEqual(scenarioIds)
      expect(judgedAgainst(outcomesOf(report)), describeOutcomes(report)).toEqual([])
      // Every request it made carried a bearer token: not one used the API key.
      expect(report.results.map((r) => r.profile?.auth)).toEqual(scenarioIds.map(() => 'oauth'))
      expect(report.profile.auth).toBe('oauth')
      expect(report.profile.webhooks.accepted).toBeGreaterThan(0)
      // On OAuth the token rule is judged, not skipped.
      expect(report.results.find((r) => r.id === 'AUTH-001')?.outcome).toBe('pass')
    },
    planTimeoutMs,
  )

  it(
    'on OAuth tokens handed over by the kit: resumes after a restart, refreshes when the token expires mid-job',
    async () => {
      const only = ['DETECT-001', 'PROC-004', 'RECOVER-001', 'AUTH-001']
      const report = await runPlan(fixtureCommand(undefined, { auth: 'oauth-tokens' }), { only })
      expect(outcomesOf(report), describeOutcomes(report)).toEqual(only.map((id) => `${id}: pass`))
      expect(report.profile.auth).toBe('oauth')
      // 300 item updates of 40 s each outlive the 15-minute access token: it refreshed and finished.
      expect(report.results[1]?.evidence.observed).toMatch(/^the job is completed/)
    },
    planTimeoutMs,
  )
})
