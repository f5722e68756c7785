import { describe, expect, it } from 'vitest'
import { escapeXml, renderJunit } from './junit.ts'
import { sampleReport } from './sample-report.ts'

/** Checks the document is well-formed enough for CI: one declaration, balanced tags, only the
 * five predefined entities (or character references), no raw `<` or `&` in text or attributes. */
function assertWellFormed(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true)
  const body = xml.slice(xml.indexOf('?>') + 2)
  const stack: string[] = []
  const tag = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w.-]+="[^"<]*")*)\s*(\/?)>/g
  let last = 0
  let roots = 0
  for (const m of body.matchAll(tag)) {
    const text = body.slice(last, m.index)
    expect(text).not.toMatch(/[<>]/)
    expect(text).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)/)
    expect(m[3] ?? '').not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)/)
    last = (m.index ?? 0) + m[0].length
    const [, closing, name, , selfClosing] = m
    if (stack.length === 0) roots += 1
    if (closing) expect(stack.pop()).toBe(name)
    else if (!selfClosing) stack.push(name ?? '')
  }
  expect(body.slice(last).trim()).toBe('')
  expect(stack).toEqual([])
  expect(roots).toBe(1)
}

function attr(element: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(element)?.[1]
}

function openTags(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}\\b[^>]*>`, 'g'))].map((m) => m[0])
}

describe('renderJunit', () => {
  const xml = renderJunit(sampleReport())

  it('is well-formed', () => {
    assertWellFormed(xml)
    expect(() => assertWellFormed(xml.replace('</testsuite>', ''))).toThrow()
  })

  it('counts tests, failures, errors and skipped on <testsuites>', () => {
    const [root] = openTags(xml, 'testsuites')
    expect(root).toBeDefined()
    expect(attr(root ?? '', 'name')).toBe('fake-pleo conform')
    expect(attr(root ?? '', 'tests')).toBe('7')
    expect(attr(root ?? '', 'failures')).toBe('1')
    expect(attr(root ?? '', 'errors')).toBe('1')
    expect(attr(root ?? '', 'skipped')).toBe('2')
    expect(attr(root ?? '', 'time')).toBe('9.876')
  })

  it('writes one <testsuite> per group with its own counts', () => {
    const suites = openTags(xml, 'testsuite')
    expect(suites.map((s) => attr(s, 'name'))).toEqual([
      'Detection',
      'Selection',
      'Claiming',
      'Processing',
      'Recovery',
      'Authentication',
    ])
    const selection = suites[1] ?? ''
    expect([
      attr(selection, 'tests'),
      attr(selection, 'failures'),
      attr(selection, 'time'),
    ]).toEqual(['1', '1', '2.345'])
    expect(attr(suites[2] ?? '', 'errors')).toBe('1')
    expect(attr(suites[3] ?? '', 'skipped')).toBe('1')
    expect(attr(suites[0] ?? '', 'skipped')).toBe('0')
    expect(attr(suites[5] ?? '', 'skipped')).toBe('1')
  })

  it('records the observed profile as properties of every suite', () => {
    const props = openTags(xml, 'property').map((p) => `${attr(p, 'name')}=${attr(p, 'value')}`)
    expect(props).toContain('profile.detection=webhook+polling')
    expect(props).toContain('profile.auth=oauth')
    expect(props).toContain('profile.pollIntervalSeconds=1')
    expect(props.filter((p) => p === 'strictWarnings=false')).toHaveLength(6)
    expect(props.filter((p) => p === 'lenient=false')).toHaveLength(6)
    const lenient = renderJunit({ ...sampleReport(), lenient: true })
    const lenientProps = openTags(lenient, 'property').map(
      (p) => `${attr(p, 'name')}=${attr(p, 'value')}`,
    )
    expect(lenientProps.filter((p) => p === 'lenient=true')).toHaveLength(6)
  })

  it('writes not-applicable as <skipped> with the reason, a warning as a property and <system-err>', () => {
    expect(xml).toContain(
      '<skipped message="not applicable: it authenticated with the API key: no token to expire"/>',
    )
    const warning = /<testcase [^>]*CLAIM-003[^>]*>([\s\S]*?)<\/testcase>/.exec(xml)?.[1] ?? ''
    expect(warning).toContain('<property name="outcome" value="warning"/>')
    expect(warning).toMatch(
      /<system-err>warning\nexpected: at most 20 requests in 5 s\nobserved: 31/,
    )
    expect(warning).not.toContain('<failure')
    const strict = renderJunit({ ...sampleReport(), strictWarnings: true })
    assertWellFormed(strict)
    expect(attr(openTags(strict, 'testsuites')[0] ?? '', 'failures')).toBe('2')
    expect(strict).toContain('<failure message="31 requests in 5 s" type="warning">')
  })

  it('names test cases by group, id and rule', () => {
    expect(xml).toContain(
      '<testcase classname="fake-pleo.conform.Detection" name="DETECT-001 acts on v1.export-job.created" time="1.200"/>',
    )
  })

  it('escapes <&"\' and drops control characters', () => {
    expect(xml).toContain(
      'name="SELECT-001 takes the oldest &lt;job&gt; &amp; &quot;not&quot; the &apos;newest&apos; # first"',
    )
    expect(xml).toContain(
      '<failure message="claimed job c &lt;newest&gt; &amp; skipped a" type="fail">',
    )
    expect(xml).not.toContain('\u0007')
    const multiline = sampleReport()
    const first = multiline.results[1]
    if (first) first.evidence.observed = 'two\nlines'
    expect(renderJunit(multiline)).toContain('<failure message="two&#10;lines" type="fail">')
    expect(escapeXml('a\u0000b\u001bc\td\ne\r\uffff\ud800f')).toBe('abc\td\ne\rf')
  })

  it('puts expected, observed and evidence in <failure>, and output in <system-out>', () => {
    const failure = /<failure[^>]*>([^<]*)<\/failure>/.exec(xml)?.[1] ?? ''
    expect(failure).toContain('expected: claims job a (created first)\nobserved: claimed job c')
    expect(failure).toContain('evidence:\n  12:00:00 GET /v3/jobs')
    expect(xml).toContain('<system-out>out 1\nout 2')
    expect(xml).toMatch(/<error message="exited with code 127" type="error">/)
    expect(xml).toContain('<system-out>sh: my-integration: not found</system-out>')
  })

  it('renders an expected failure as <skipped> and nothing else', () => {
    expect(xml).toContain('<skipped message="expected failure: none sent"/>')
    expect(xml.match(/<failure /g)).toHaveLength(1)
    expect(xml).toContain('name="RECOVER-001 retries after a 503" time="1.200"/>')
  })
})
