import { describe, expect, it } from 'vitest'
import { renderJson } from './json.ts'
import { sampleReport } from './sample-report.ts'

describe('renderJson', () => {
  it('round-trips the report and adds the summary', () => {
    const text = renderJson(sampleReport())
    const { summary, ...rest } = JSON.parse(text) as Record<string, unknown>
    expect(rest).toEqual(sampleReport())
    expect(summary).toEqual({
      total: 7,
      passed: 2,
      failed: 1,
      errors: 1,
      warnings: 1,
      notApplicable: 1,
      expectedFailures: 1,
      unexpectedPasses: 1,
    })
  })

  it('carries the new outcomes, the reason for not-applicable and the observed profile', () => {
    const parsed = JSON.parse(renderJson(sampleReport())) as ReturnType<typeof sampleReport>
    const byId = new Map(parsed.results.map((r) => [r.id, r]))
    expect(byId.get('CLAIM-003')?.outcome).toBe('warning')
    expect(byId.get('AUTH-001')?.outcome).toBe('not-applicable')
    expect(byId.get('AUTH-001')?.evidence.observed).toMatch(/no token to expire/)
    expect(parsed.profile).toMatchObject({ detection: 'webhook+polling', auth: 'oauth' })
    expect(parsed.strictWarnings).toBe(false)
  })

  it('counts a warning as failing under strict warnings, or as expected when listed', () => {
    const strict = { ...sampleReport(), strictWarnings: true }
    const { summary } = JSON.parse(renderJson(strict)) as { summary: Record<string, number> }
    expect([summary.warnings, summary.expectedFailures]).toEqual([1, 1])
    const listed = sampleReport()
    listed.strictWarnings = true
    const warning = listed.results.find((r) => r.outcome === 'warning')
    if (warning) warning.expectedFailure = true
    const again = JSON.parse(renderJson(listed)) as { summary: Record<string, number> }
    expect([again.summary.warnings, again.summary.expectedFailures]).toEqual([0, 2])
  })

  it('is pretty-printed with a trailing newline', () => {
    const text = renderJson(sampleReport())
    expect(text.endsWith('}\n')).toBe(true)
    expect(text).toContain('\n  "kit": {\n    "name": "fake-pleo conform",')
  })
})
