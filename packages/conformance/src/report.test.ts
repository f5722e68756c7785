import { describe, expect, it } from 'vitest'
import { exitCodeOf, mergeProfiles, summarise, type ScenarioProfile } from './report.ts'
import { sampleReport } from './reporters/sample-report.ts'

const profile = (over: Partial<ScenarioProfile>): ScenarioProfile => ({
  auth: 'api-key',
  webhooks: { delivered: 0, accepted: 0 },
  pollIntervalSeconds: null,
  askedPollSeconds: 2,
  ...over,
})

describe('the outcome model', () => {
  const only = (outcome: string, expectedFailure = false) => {
    const report = sampleReport()
    report.results = report.results
      .filter((r) => r.outcome === outcome)
      .slice(0, 1)
      .map((r) => ({ ...r, expectedFailure }))
    return report
  }

  it('warnings and not-applicable do not fail the run; fail and error do', () => {
    expect(exitCodeOf(only('warning'))).toBe(0)
    expect(exitCodeOf(only('not-applicable'))).toBe(0)
    expect(exitCodeOf(only('pass'))).toBe(0)
    expect(exitCodeOf(only('fail'))).toBe(1)
    expect(exitCodeOf(only('error'))).toBe(1)
  })

  it('a warning fails the run under strict warnings, unless listed as expected', () => {
    const strict = { ...only('warning'), strictWarnings: true }
    expect(exitCodeOf(strict)).toBe(1)
    expect(summarise(strict)).toMatchObject({ warnings: 1, expectedFailures: 0 })
    const listed = { ...only('warning', true), strictWarnings: true }
    expect(exitCodeOf(listed)).toBe(0)
    expect(summarise(listed)).toMatchObject({ warnings: 0, expectedFailures: 1 })
  })

  it('counts every result in exactly one bucket', () => {
    for (const strictWarnings of [false, true]) {
      const s = summarise({ ...sampleReport(), strictWarnings })
      const sum = s.passed + s.failed + s.errors + s.warnings + s.notApplicable + s.expectedFailures
      expect(sum).toBe(s.total)
    }
  })
})

describe('mergeProfiles', () => {
  it('says webhook+polling, OAuth, and the median poll interval with its range', () => {
    const merged = mergeProfiles([
      profile({ auth: 'oauth', pollIntervalSeconds: 1, webhooks: { delivered: 2, accepted: 2 } }),
      profile({ auth: 'oauth', pollIntervalSeconds: 2 }),
      profile({ auth: 'unknown', pollIntervalSeconds: 2 }),
    ])
    expect(merged).toEqual({
      detection: 'webhook+polling',
      auth: 'oauth',
      pollIntervalSeconds: 2,
      pollIntervalRange: [1, 2],
      webhooks: { delivered: 2, accepted: 2 },
    })
  })

  it('does not call an integration a webhook user for deliveries it refused', () => {
    const merged = mergeProfiles([
      profile({ webhooks: { delivered: 3, accepted: 0 } }),
      profile({ auth: 'oauth' }),
    ])
    expect(merged.detection).toBe('unknown')
    expect(merged.auth).toBe('api-key+oauth')
    expect(merged.pollIntervalSeconds).toBeNull()
  })
})
