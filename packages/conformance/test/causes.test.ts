// Verdicts rest on causes, not on timing: a request that polling could explain is never taken as
// the answer to a webhook, forged or genuine. Regressions and the failure direction, one scenario
// at a time.
import { describe, expect, it } from 'vitest'
import { describeOutcomes, fixtureCommand, outcomesOf, runPlan } from './fixtures/plan-run.ts'

const scenarioMs = 60_000

describe('verdicts from causes', () => {
  it(
    'DETECT-003/004 pass an integration that polls every 2 s (it used to find the real job the forged delivery named by polling, and be failed for it)',
    async () => {
      const only = ['DETECT-003', 'DETECT-004']
      const report = await runPlan(fixtureCommand(undefined, { pollSeconds: 2 }), { only })
      expect(outcomesOf(report), describeOutcomes(report)).toEqual([
        'DETECT-003: pass',
        'DETECT-004: pass',
      ])
      // It did poll meanwhile, and answered the forged delivery 4xx.
      expect(report.results[0]?.evidence.observed).toMatch(/answered 401; 0 request/)
    },
    scenarioMs,
  )

  it(
    'DETECT-001 credits the webhook of an integration that polls every second when it answers between two polls',
    async () => {
      const report = await runPlan(fixtureCommand(undefined, { pollSeconds: 1 }), {
        only: ['DETECT-001'],
      })
      expect(outcomesOf(report), describeOutcomes(report)).toEqual(['DETECT-001: pass'])
      expect(report.results[0]?.evidence.observed).toMatch(/a poll every 1\.\d\d s/)
    },
    scenarioMs,
  )

  it(
    'DETECT-001 cannot tell for an integration that ignores webhooks but polls every second: not applicable, never pass',
    async () => {
      const report = await runPlan(fixtureCommand('ignores-webhooks', { pollSeconds: 1 }), {
        only: ['DETECT-001'],
      })
      expect(outcomesOf(report), describeOutcomes(report)).toEqual(['DETECT-001: not-applicable'])
      expect(report.results[0]?.evidence.observed).toMatch(/the kit cannot tell/)
    },
    scenarioMs,
  )

  it(
    'DETECT-001 fails an integration that ignores webhooks and polls as seldom as PLEO_POLL_INTERVAL allows',
    async () => {
      const report = await runPlan(fixtureCommand('ignores-webhooks'), {
        only: ['DETECT-001'],
        timeoutSeconds: 8,
      })
      expect(outcomesOf(report), describeOutcomes(report)).toEqual(['DETECT-001: fail'])
      expect(report.results[0]?.evidence.observed).toMatch(/answered 204; job \S+ is pending/)
    },
    scenarioMs,
  )
})
