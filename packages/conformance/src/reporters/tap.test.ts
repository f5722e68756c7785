import { describe, expect, it } from 'vitest'
import { renderTap, yamlString } from './tap.ts'
import { sampleReport } from './sample-report.ts'

describe('renderTap', () => {
  const tap = renderTap(sampleReport())
  const lines = tap.split('\n')
  const points = lines.filter((l) => /^(not )?ok \d/.test(l))

  it('starts with the version and the plan', () => {
    expect(lines[0]).toBe('TAP version 14')
    expect(lines).toContain('1..7')
    expect(lines).toContain(
      '# observed: webhook+polling, OAuth, polls about every 1.0 s (1.0–2.0 s), 6 of 6 deliveries accepted',
    )
    expect(tap.endsWith('\n')).toBe(true)
  })

  it('says in a comment before the plan when the fake was lenient', () => {
    expect(tap).not.toContain('--lenient')
    const lenient = renderTap({ ...sampleReport(), lenient: true }).split('\n')
    const note = lenient.findIndex((l) => l.startsWith('# lenient: ') && l.includes('(--lenient)'))
    expect(note).toBeGreaterThan(0)
    expect(note).toBeLessThan(lenient.indexOf('1..7'))
  })

  it('numbers ok / not ok test points in order', () => {
    expect(points).toEqual([
      'ok 1 - DETECT-001 acts on v1.export-job.created',
      `not ok 2 - SELECT-001 takes the oldest <job> & "not" the 'newest' \\# first`,
      'not ok 3 - CLAIM-001 claims with If-Match',
      'not ok 4 - PROCESS-001 reports progress # TODO expected failure',
      'ok 5 - RECOVER-001 retries after a 503 # TODO expected failure',
      'ok 6 - CLAIM-003 does not retry aggressively',
      'ok 7 - AUTH-001 refreshes an expired OAuth access token # SKIP not applicable: it authenticated with the API key: no token to expire',
    ])
  })

  it('writes a warning as ok with severity: warning, or not ok under strict warnings', () => {
    const warning = lines.indexOf('ok 6 - CLAIM-003 does not retry aggressively')
    expect(lines.slice(warning + 1, warning + 3)).toEqual([
      '  ---',
      '  expected: "at most 20 requests in 5 s"',
    ])
    expect(lines.slice(warning).find((l) => l.startsWith('  severity'))).toBe('  severity: warning')
    const strict = renderTap({ ...sampleReport(), strictWarnings: true })
    expect(strict).toContain('not ok 6 - CLAIM-003 does not retry aggressively\n')
    expect(strict).toContain('# warnings fail the run (--strict-warnings)')
    expect(tap).toMatch(/# 7 scenarios: 2 passed, 1 failed, 1 error, 1 warning, 1 not applicable/)
  })

  it('writes a YAML block under each failing point', () => {
    const start = lines.indexOf('not ok 3 - CLAIM-001 claims with If-Match')
    expect(lines.slice(start + 1, start + 9)).toEqual([
      '  ---',
      '  expected: "the integration starts"',
      '  observed: "exited with code 127"',
      '  output:',
      '    - "sh: my-integration: not found"',
      '  duration_ms: 1200',
      '  severity: error',
      '  ...',
    ])
    const fail = lines.indexOf(points[1] ?? '')
    expect(lines[fail + 1]).toBe('  ---')
    expect(lines[fail + 4]).toBe('  evidence:')
    expect(lines[fail + 5]).toBe('    - "12:00:00 GET /v3/jobs"')
    expect(lines[lines.indexOf(points[0] ?? '') + 1]).not.toBe('  ---')
  })

  it('keeps every YAML line inside its block and balanced', () => {
    const opens = lines.filter((l) => l === '  ---').length
    const closes = lines.filter((l) => l === '  ...').length
    expect([opens, closes]).toEqual([4, 4])
    let inside = false
    for (const line of lines) {
      if (line === '  ---') inside = true
      else if (line === '  ...') inside = false
      else if (inside) expect(line).toMatch(/^ {2}(\w+:( .+)?| {2}- ".*")$/)
    }
  })

  it('quotes YAML scalars as JSON strings, escaping what YAML cannot hold raw', () => {
    expect(yamlString('a: "b" # c')).toBe('"a: \\"b\\" # c"')
    expect(yamlString('x\u0007\u0085\u009by')).toBe('"x\\u0007\u0085\\u009by"')
    expect(tap).toContain('observed: "claimed job c <newest> & skipped a\\u0007"')
  })
})
