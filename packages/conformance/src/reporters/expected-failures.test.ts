import { describe, expect, it } from 'vitest'
import { parseExpectedFailures } from './expected-failures.ts'

const known = ['DETECT-001', 'DETECT-002', 'SELECT-001', 'RECOVER-002']

describe('parseExpectedFailures', () => {
  it('reads a JSON array of ids', () => {
    expect(parseExpectedFailures('["DETECT-002", "SELECT-001"]\n', known)).toEqual({
      ok: true,
      ids: ['DETECT-002', 'SELECT-001'],
    })
  })

  it('reads one id per line, ignoring blank lines, comments and whitespace; duplicates are fine', () => {
    const text = '# known gaps\n\n  DETECT-002  \r\nSELECT-001 # flaky on CI\nDETECT-002\n'
    expect(parseExpectedFailures(text, known)).toEqual({
      ok: true,
      ids: ['DETECT-002', 'SELECT-001'],
    })
    expect(parseExpectedFailures('', known)).toEqual({ ok: true, ids: [] })
  })

  it('names unknown ids, so a typo does not hide a failure', () => {
    const result = parseExpectedFailures('DETECT-002\nDETCT-001\nRECOVER-009\n', known)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error).toContain('DETCT-001, RECOVER-009')
    expect(result.error).not.toContain('DETECT-002,')
    expect(parseExpectedFailures('["NOPE-1"]', known).ok).toBe(false)
  })

  it('rejects JSON that is not an array of strings', () => {
    expect(parseExpectedFailures('[1, 2', known).ok).toBe(false)
    const bad = parseExpectedFailures('["DETECT-001", 7]', known)
    expect(bad).toEqual({ ok: false, error: 'item 1 is 7, not a scenario id' })
  })
})
