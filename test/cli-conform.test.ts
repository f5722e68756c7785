// `fake-pleo conform` as a CI would run it: help and the plan, bad arguments (exit 2), the
// reference claimer passing with a JUnit report written to a file and its observed profile, an
// integration that never listens failing (exit 1) with the reason in the report, the same failure
// accepted through --expected-failures (exit 0), and a warning that fails the run only with
// --strict-warnings.
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot, runCli, tempDir } from './cli-process.ts'

const temp = tempDir('fake-pleo-conform-')
afterAll(() => temp.remove())

describe('fake-pleo conform', () => {
  it('--help explains the environment and the options; --list shows the plan', async () => {
    const help = await runCli(['conform', '--help'])
    expect(help.code).toBe(0)
    for (const text of [
      'PLEO_WEBHOOK_PORT',
      'PLEO_OAUTH_REDIRECT_URI',
      'PLEO_OAUTH_ACCESS_TOKEN',
      '--expected-failures',
      '--reporter',
      '--reference',
      '--strict-warnings',
      '--lenient',
      '--concurrency',
      'not-applicable',
    ]) {
      expect(help.stdout).toContain(text)
    }
    const list = await runCli(['conform', '--list'])
    expect(list.code).toBe(0)
    const ids = list.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/)[0])
    // The plan as listed is the plan the kit's README documents, row for row.
    const documented = [
      ...readFileSync(join(repoRoot, 'packages/conformance/README.md'), 'utf8').matchAll(
        /^\| ([A-Z]+-\d{3}) +\|/gm,
      ),
    ].map((match) => match[1])
    expect(ids).toEqual(documented)
    expect(ids).toContain('RECOVER-002')
    // The longest group name still leaves a space before the rule.
    expect(list.stdout).toMatch(/^AUTH-001 +Authentication +refreshes/m)
  })

  const bad: [string, string[], RegExp][] = [
    ['nothing to grade', [], /--cmd "COMMAND" or --reference/],
    ['both --cmd and --reference', ['--cmd', 'x', '--reference'], /exclude each other/],
    ['an unknown reporter', ['--reference', '--reporter', 'xml'], /--reporter must be one of/],
    [
      'an unknown scenario',
      ['--reference', '--only', 'CLAIM-999'],
      /unknown scenario ids CLAIM-999/,
    ],
    ['a bad timeout', ['--reference', '--timeout', '0'], /--timeout must be between 1/],
    ['a bad concurrency', ['--reference', '--concurrency', '0'], /--concurrency must be between 1/],
  ]
  for (const [what, args, message] of bad) {
    it(`${what}: exit 2 and a message`, async () => {
      const result = await runCli(['conform', ...args])
      expect(result.code, result.stderr).toBe(2)
      expect(result.stderr).toMatch(message)
    })
  }

  it('grades the reference claimer: exit 0, a JUnit report in --out', async () => {
    const out = join(temp.dir, 'conform.xml')
    const args = [
      'conform',
      '--reference',
      '--only',
      'CLAIM-001,SELECT-001',
      '--reporter',
      'junit',
      '--concurrency',
      '2',
    ]
    const result = await runCli([...args, '--out', out], {}, 60_000)
    expect(result.code, result.stderr).toBe(0)
    // Both run at once; each start and each end is a line, with the counts.
    expect(result.stderr).toMatch(/start SELECT-001 [^\n]*\(0\/2 done, 1 running\)/)
    expect(result.stderr).toMatch(/start CLAIM-001 [^\n]*\(0\/2 done, 2 running\)/)
    expect(result.stderr).toMatch(/✓ SELECT-001 [\d.]+ s \[[12]\/2 done, [01] running\]/)
    expect(result.stderr).toMatch(/✓ \S+ [\d.]+ s \[2\/2 done, 0 running\]/)
    expect(result.stderr).toMatch(/2 scenarios, 2 passed, 0 failed/)
    expect(result.stderr).toMatch(/observed [^\n]*API key/)
    const xml = readFileSync(out, 'utf8')
    expect(xml).toMatch(/<testsuites [^>]*tests="2"[^>]*failures="0"/)
    expect(xml).toContain('CLAIM-001')
    expect(xml).toContain('<property name="profile.auth" value="api-key"/>')
  }, 70_000)

  it('fails an integration that never listens for webhooks, unless that failure is expected', async () => {
    const args = ['conform', '--cmd', 'sleep 30', '--only', 'DETECT-001', '--timeout', '3']
    const failing = await runCli([...args, '--reporter', 'json'], {}, 60_000)
    expect(failing.code, failing.stderr).toBe(1)
    const report = JSON.parse(failing.stdout) as {
      results: { id: string; outcome: string; evidence: { observed: string } }[]
    }
    expect(report.results[0]).toMatchObject({ id: 'DETECT-001', outcome: 'fail' })
    expect(report.results[0]?.evidence.observed).toMatch(/never accepted connections/)
    const expected = join(temp.dir, 'expected.txt')
    writeFileSync(expected, '# known gap\nDETECT-001\n')
    const accepted = await runCli([...args, '--expected-failures', expected], {}, 60_000)
    expect(accepted.code, accepted.stderr).toBe(0)
    expect(accepted.stdout).toMatch(/DETECT-001/)
  }, 70_000)

  it('grades an integration that listens where it likes, given --webhook-url', async () => {
    const port = await freePort()
    const claim = `PLEO_WEBHOOK_PORT=${port} "${process.execPath}" packages/cli/bin/fake-pleo.js claim`
    const args = ['conform', '--cmd', claim, '--webhook-url', `http://127.0.0.1:${port}/`]
    const result = await runCli(
      [...args, '--only', 'DETECT-001,DETECT-003', '--reporter', 'tap'],
      {},
      60_000,
    )
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0)
    expect(result.stdout).toMatch(/^ok 1 - DETECT-001/m)
    expect(result.stdout).toMatch(/^ok 2 - DETECT-003/m)
  }, 70_000)

  it('records in the report whether the fake was lenient', async () => {
    const args = ['conform', '--reference', '--only', 'CLAIM-001', '--reporter', 'json']
    const strict = await runCli(args, {}, 60_000)
    expect(strict.code, strict.stderr).toBe(0)
    expect((JSON.parse(strict.stdout) as { lenient: boolean }).lenient).toBe(false)
    const lenient = await runCli([...args, '--lenient'], {}, 60_000)
    expect(lenient.code, lenient.stderr).toBe(0)
    expect((JSON.parse(lenient.stdout) as { lenient: boolean }).lenient).toBe(true)
    expect(lenient.stderr).toContain('(--lenient)')
  }, 130_000)

  it('reports a warning without failing the run, unless --strict-warnings', async () => {
    // Polling ten times a second is allowed, but after a lost claim it is more than 20 requests
    // in 5 s: CLAIM-003's soft rule.
    const fixture = 'packages/conformance/test/fixtures/integration.ts'
    const cmd = `FIXTURE_POLL_SECONDS=0.1 "${process.execPath}" --import tsx ${fixture}`
    const args = ['conform', '--cmd', cmd, '--only', 'CLAIM-003', '--reporter', 'junit']
    const lenient = await runCli(args, {}, 60_000)
    expect(lenient.code, lenient.stderr).toBe(0)
    expect(lenient.stderr).toMatch(/⚠ CLAIM-003/)
    expect(lenient.stderr).toMatch(/1 warnings/)
    expect(lenient.stdout).toContain('<property name="outcome" value="warning"/>')
    expect(lenient.stdout).toMatch(/<testsuites [^>]*failures="0"/)
    const strict = await runCli([...args, '--strict-warnings'], {}, 60_000)
    expect(strict.code, strict.stderr).toBe(1)
    expect(strict.stdout).toContain('<failure message=')
    expect(strict.stdout).toMatch(/type="warning"/)
  }, 130_000)
})

/** A port the system has just handed out (listen on 0, then close), for the integration. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}
