import { describe, expect, it } from 'vitest'
import { isReporterName, render, renderJson, renderJunit, renderTap, reporters } from './index.ts'
import { sampleReport } from './sample-report.ts'

describe('render', () => {
  it('dispatches by reporter name', () => {
    const report = sampleReport()
    expect(reporters).toEqual(['pretty', 'json', 'junit', 'tap'])
    expect(render(report, 'json')).toBe(renderJson(report))
    expect(render(report, 'junit')).toBe(renderJunit(report))
    expect(render(report, 'tap')).toBe(renderTap(report))
    expect(render(report, 'pretty')).not.toContain('\u001b[')
    expect(render(report, 'pretty', { color: true })).toContain('\u001b[32m')
  })

  it('knows its names', () => {
    expect(isReporterName('junit')).toBe(true)
    expect(isReporterName('xml')).toBe(false)
  })
})
