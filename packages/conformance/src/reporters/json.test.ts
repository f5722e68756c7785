import { describe, expect, it } from 'vitest'
import { renderJson } from './json.ts'
import { sampleReport } from './sample-report.ts'

describe('renderJson', () => {
  it('round-trips the report and adds the summary', () => {
    const text = renderJson(sampleReport())
    const { summary, ...rest } = JSON.parse(text) as Record<string, unknown>
    expect(rest).toEqual(sampleReport())
    expect(summary).toEqual({
      total: 5,
      passed: 2,
      failed: 1,
      errors: 1,
      expectedFailures: 1,
      unexpectedPasses: 1,
    })
  })

  it('is pretty-printed with a trailing newline', () => {
    const text = renderJson(sampleReport())
    expect(text.endsWith('}\n')).toBe(true)
    expect(text).toContain('\n  "kit": {\n    "name": "fake-pleo conform",')
  })
})
