import { describe, expect, it } from 'vitest'
import { renderPretty } from './pretty.ts'
import { sampleReport } from './sample-report.ts'

const ESC = String.fromCharCode(27)

describe('renderPretty', () => {
  const plain = renderPretty(sampleReport(), { color: false })
  const lines = plain.split('\n')

  it('names the kit and the integration in the header', () => {
    expect(lines[0]).toBe('fake-pleo conform 0.1.0')
    expect(lines[1]).toBe('integration: node my-integration.js')
    const reference = sampleReport()
    reference.integration = { command: '', reference: true }
    expect(renderPretty(reference, { color: false })).toContain('integration: reference claimer')
  })

  it('says in the header when the fake was lenient, and not otherwise', () => {
    expect(plain).not.toContain('--lenient')
    const lenient = renderPretty({ ...sampleReport(), lenient: true }, { color: false })
    expect(lenient.split('\n').slice(0, 6)).toContain(
      "lenient: the fake accepted the how-tos' exportJobId and companyId (--lenient); real Pleo refuses them",
    )
  })

  it('writes one line per scenario with a marker that needs no colour', () => {
    expect(plain).toContain('  ✓ DETECT-001  acts on v1.export-job.created  (1.2 s)')
    expect(plain).toMatch(/^ {2}✗ SELECT-001 {2}takes the oldest/m)
    expect(plain).toMatch(/^ {2}! CLAIM-001 {2}claims with If-Match/m)
    expect(plain).toMatch(/^ {2}✗ \(expected\) PROCESS-001/m)
    expect(plain).toMatch(/^ {2}✓ \(listed as expected failure\) RECOVER-001/m)
  })

  it('shows expected, observed, evidence and output under a failure, none under a pass', () => {
    const at = lines.findIndex((l) => l.includes('SELECT-001'))
    expect(lines[at + 1]).toBe('      expected: claims job a (created first)')
    expect(lines[at + 2]).toBe('      observed: claimed job c <newest> & skipped a')
    const pass = lines.findIndex((l) => l.includes('DETECT-001'))
    expect(lines[pass + 1]).not.toContain('expected:')
    expect(plain).toContain('      expected: progress events')
    expect(plain).toContain('sh: my-integration: not found')
  })

  it('truncates evidence to 12 lines and output to the last 8', () => {
    expect(plain).toContain('12:00:11 GET /v3/jobs')
    expect(plain).not.toContain('12:00:12 GET /v3/jobs')
    expect(plain).toContain('        … 3 more')
    expect(plain).not.toMatch(/out 2$/m)
    expect(plain).toMatch(/out 3$/m)
    expect(plain).toMatch(/out 10$/m)
    expect(plain).toContain('        … 2 earlier')
  })

  it('ends with the summary and a hint about scenarios that passed though listed', () => {
    expect(plain).toContain(
      '7 scenarios: 2 passed, 1 failed, 1 error, 1 warning, 1 not applicable, 1 expected failure (9.9 s)',
    )
    expect(plain).toMatch(/RECOVER-001 passed but is listed as expected to fail: remove it/)
    const clean = sampleReport()
    clean.results = clean.results.filter((r) => r.id === 'DETECT-001')
    const text = renderPretty(clean, { color: false })
    expect(text).toContain('1 scenario: 1 passed (9.9 s)')
    expect(text).not.toContain('remove')
  })

  it('names what the kit saw of the integration under the header', () => {
    expect(lines[2]).toBe(
      'observed: webhook+polling, OAuth, polls about every 1.0 s (1.0–2.0 s), 6 of 6 deliveries accepted',
    )
    expect(plain).not.toContain('--strict-warnings')
  })

  it('marks a warning ⚠ with its details, and not applicable – with the reason', () => {
    const warning = lines.findIndex((l) => l.includes('CLAIM-003'))
    expect(lines[warning]).toMatch(/^ {2}⚠ CLAIM-003 {2}does not retry aggressively/)
    expect(lines[warning + 2]).toBe('      observed: 31 requests in 5 s')
    const na = lines.findIndex((l) => l.includes('refreshes an expired OAuth'))
    expect(lines[na]).toMatch(/^ {2}– AUTH-001 {2}refreshes an expired OAuth access token/)
    expect(lines[na + 1]).toBe(
      '      not applicable: it authenticated with the API key: no token to expire',
    )
  })

  it('paints a warning red and says so when warnings fail the run', () => {
    const coloured = renderPretty(sampleReport(), { color: true })
    expect(coloured).toContain(`${ESC}[33m⚠${ESC}[0m`)
    const strict = renderPretty({ ...sampleReport(), strictWarnings: true }, { color: true })
    expect(strict).toContain(`${ESC}[31m⚠${ESC}[0m`)
    expect(strict).toContain('warnings fail the run (--strict-warnings)')
    const onlyWarning = { ...sampleReport(), strictWarnings: true }
    onlyWarning.results = onlyWarning.results.filter((r) => r.outcome === 'warning')
    expect(renderPretty(onlyWarning, { color: true })).toContain(`${ESC}[31m1 scenario: 0 passed`)
    onlyWarning.strictWarnings = false
    expect(renderPretty(onlyWarning, { color: true })).toContain(`${ESC}[32m1 scenario: 0 passed`)
  })

  it('uses ANSI colours only when asked', () => {
    expect(plain).not.toContain(ESC)
    expect(plain).not.toContain('\u0007')
    const coloured = renderPretty(sampleReport(), { color: true })
    expect(coloured).toContain(`${ESC}[32m✓${ESC}[0m`)
    expect(coloured).toContain(`${ESC}[31m✗${ESC}[0m`)
    expect(coloured).toContain(`${ESC}[33m!${ESC}[0m`)
  })
})
