// `fake-pleo race --cmd` as a CI would run it: the help names its flags, refused combinations
// exit 2 with the reason, the reference claimer as two instances passes with a JUnit report
// written to a file (one test case per invariant, no failure) and its history file, and an
// integration that never listens fails the run (exit 1) with the reason in the JSON report.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fromJsonLines } from '@fake-pleo/race'
import { runCli, tempDir } from './cli-process.ts'

const temp = tempDir('fake-pleo-race-own-')
afterAll(() => temp.remove())

const reference = 'node packages/cli/bin/fake-pleo.js claim'

describe('fake-pleo race --cmd', () => {
  it('--help explains racing your own integration', async () => {
    const result = await runCli(['race', '--help'])
    expect(result.code).toBe(0)
    for (const option of [
      '--cmd',
      '--instances',
      '--burst',
      '--burst-every',
      '--reporter',
      '--out',
      '--timeout',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`^\\s+${option}\\b`, 'm'))
    }
    expect(result.stdout).toContain('its own API key of the same company')
  })

  const bad: [string, string[], RegExp][] = [
    ['--workers with --cmd', ['--cmd', 'x', '--workers', '3'], /--workers and --cmd exclude/],
    ['--api with --cmd', ['--cmd', 'x', '--api', 'http://127.0.0.1:1'], /--api and --cmd/],
    ['--unsafe with --cmd', ['--cmd', 'x', '--unsafe', 'claims'], /--unsafe and --cmd/],
    ['--json with --cmd', ['--cmd', 'x', '--json'], /use --reporter json/],
    ['--instances without --cmd', ['--instances', '2'], /--instances is for .* add --cmd/],
    ['--reporter without --cmd', ['--reporter', 'junit'], /--reporter is for .* add --cmd/],
    ['an empty command', ['--cmd', ' '], /--cmd needs the command/],
    ['no instances', ['--cmd', 'x', '--instances', '0'], /--instances must be between 1 and 16/],
    ['an unknown reporter', ['--cmd', 'x', '--reporter', 'xml'], /--reporter must be one of/],
    ['--property with --cmd', ['--cmd', 'x', '--property'], /--property and --cmd exclude/],
    ['--replay with --cmd', ['--cmd', 'x', '--replay', 'c.json'], /--replay and --cmd exclude/],
    ['--out alone', ['--out', 'r.xml'], /--out needs --property or --cmd/],
  ]
  for (const [what, args, message] of bad) {
    it(`${what}: exit 2 and a message`, async () => {
      const result = await runCli(['race', ...args])
      expect(result.code, result.stderr).toBe(2)
      expect(result.stderr).toMatch(message)
      expect(result.stdout).toBe('')
    })
  }

  it('the reference claimer as two instances: exit 0 and a JUnit report with six passing tests', async () => {
    const out = join(temp.dir, 'race.xml')
    const args = ['race', '--cmd', reference, '--instances', '2', '--jobs', '4', '--seed', '4']
    const result = await runCli(
      [...args, '--burst', '2', '--burst-every', '1', '--reporter', 'junit', '--out', out],
      {},
      60_000,
    )
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/6 of 6 invariants held; report in/)
    const xml = readFileSync(out, 'utf8')
    expect(xml).toMatch(/<testsuites name="fake-pleo race" tests="6" failures="0" errors="0"/)
    expect(xml.match(/<testcase classname="fake-pleo\.race\.Claim safety"/g)).toHaveLength(6)
    expect(xml).not.toContain('<failure')
  }, 90_000)

  it('writes the history it judged: each instance claimed with its own key', async () => {
    const history = join(temp.dir, 'race.jsonl')
    const args = ['race', '--cmd', reference, '--instances', '2', '--jobs', '4', '--seed', '4']
    const result = await runCli(
      [...args, '--burst', '4', '--reporter', 'json', '--history', history, '--quiet'],
      {},
      60_000,
    )
    expect(result.code, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout) as {
      kit: { name: string }
      results: { id: string; outcome: string }[]
      summary: { passed: number }
    }
    expect(report.kit.name).toBe('fake-pleo race')
    expect(report.summary.passed).toBe(6)
    const ops = fromJsonLines(readFileSync(history, 'utf8'))
    const created = ops.filter((op) => op.f === 'create' && op.type === 'ok')
    expect(created).toHaveLength(4)
    const claims = ops.filter((op) => op.f === 'claim' && op.type === 'ok')
    expect(new Set(claims.map((op) => op.jobId)).size).toBe(4)
    expect(claims.every((op) => op.process === 0 || op.process === 1)).toBe(true)
  }, 90_000)

  it('an integration that never listens: exit 1, every invariant an error, the reason in the report', async () => {
    const args = ['race', '--cmd', 'sleep 30', '--instances', '1', '--timeout', '5']
    const result = await runCli([...args, '--reporter', 'json', '--quiet'], {}, 60_000)
    expect(result.code, result.stderr).toBe(1)
    const report = JSON.parse(result.stdout) as {
      results: { outcome: string; evidence: { observed: string } }[]
    }
    expect(report.results.map((r) => r.outcome)).toEqual(Array(6).fill('error'))
    expect(report.results[0]?.evidence.observed).toMatch(/never accepted connections/)
  }, 90_000)
})
