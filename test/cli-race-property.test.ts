// `fake-pleo race --property` headless as a user runs it: a campaign on the safe server holds
// (exit 0, the runs reported); on the unsafe claim it finds a double claim (exit 1), shrinks it,
// prints the timeline and saves the counterexample (scenario, seed, history) that the checker
// rejects again on its own; `--replay FILE` and the printed one-line command race it again to the
// same history and violation; bad combinations of flags exit 2 with a message.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkHistory, type CounterexampleFile } from '@fake-pleo/race'
import { runCli, tempDir } from './cli-process.ts'

const temp = tempDir('fake-pleo-race-property-')
afterAll(() => temp.remove())
const campaignMs = 60_000

describe('fake-pleo race --property', () => {
  it('--help explains the campaign flags', async () => {
    const result = await runCli(['race', '--help'])
    expect(result.code).toBe(0)
    for (const option of ['--property', '--runs', '--out', '--replay']) {
      expect(result.stdout).toMatch(new RegExp(`^\\s+${option}\\b`, 'm'))
    }
  })

  it(
    'holds on the safe server: exit 0 and every run reported',
    { timeout: campaignMs },
    async () => {
      const args = ['--property', '--runs', '8', '--seed', '2', '--workers', '3', '--jobs', '3']
      const result = await runCli(['race', '--headless', ...args, '--json'], {}, campaignMs)
      expect(result.code, result.stderr).toBe(0)
      expect(result.stderr).toMatch(/race --property: campaign seed 2, 8 runs, safe server/)
      const out = JSON.parse(result.stdout) as Record<string, unknown>
      expect(out).toMatchObject({ seed: 2, runsAsked: 8, runs: 8, shrinkRuns: 0 })
      expect(out.counterexample).toBeNull()
      expect(out.interleavings).toBeGreaterThan(1)
      const text = await runCli(['race', '--headless', ...args, '--quiet'], {}, campaignMs)
      expect(text.stdout).toMatch(/runs +8\/8 generated/)
      expect(text.stdout).toMatch(/✓ every run held every invariant/)
    },
  )

  const out = join(temp.dir, 'claims.json')
  let replayLine = ''

  it(
    'finds, shrinks and saves the double claim of the unsafe server',
    { timeout: campaignMs },
    async () => {
      const args = ['--property', '--unsafe', 'claims', '--runs', '30', '--seed', '1']
      const bounds = ['--workers', '3', '--jobs', '3', '--kills', '0', '--faults', 'none']
      const result = await runCli(
        ['race', '--headless', ...args, ...bounds, '--out', out],
        {},
        campaignMs,
      )
      expect(result.code, result.stderr).toBe(1)
      expect(result.stderr).toMatch(/broke invariant 1 \(one-claim-per-job\).*shrinking/)
      expect(result.stdout).toMatch(/runs +\d+\/30 generated · \d+ while shrinking/)
      expect(result.stdout).toMatch(/verdict +✗ invariant 1 \(one-claim-per-job\) breaks/)
      expect(result.stdout).toMatch(/^ +\*✗ #\d+ +(worker \d|nemesis) ok claim J1/m)
      expect(result.stdout).toContain(`fake-pleo race --replay ${out}`)
      replayLine =
        /fake-pleo race --headless --scenario '(\{.*\})'$/m.exec(result.stdout)?.[1] ?? ''
      const file = JSON.parse(readFileSync(out, 'utf8')) as CounterexampleFile
      expect(file.kind).toBe('fake-pleo-race-counterexample')
      expect(file.seed).toBe(file.scenario.seed)
      expect(file.scenario.unsafe).toEqual(['claims'])
      expect(file.campaign.seed).toBe(1)
      // The checker, on the saved history alone, finds the job claimed twice.
      const found = checkHistory(file.history, file.finalState).violations
      const double = found.find((v) => v.invariant === 1)
      expect(double?.jobId).toBeDefined()
      const won = file.history.filter(
        (op) => op.f === 'claim' && op.type === 'ok' && op.jobId === double?.jobId,
      )
      expect(won.length).toBeGreaterThanOrEqual(2)
      // Shrunk: smaller than the first failing race.
      const first = file.campaign.firstFailure
      expect(first).not.toBeNull()
      expect(file.campaign.shrinks).toBeGreaterThan(0)
      expect(file.history.length).toBeLessThan(first!.operations)
      expect(file.scenario.workers).toBeLessThanOrEqual(first!.scenario.workers)
      expect(file.scenario.jobs).toBeLessThanOrEqual(first!.scenario.jobs)
    },
  )

  it('--replay FILE races it again: the same history and the same violation', async () => {
    const result = await runCli(['race', '--replay', out])
    expect(result.code, result.stderr).toBe(1)
    const file = JSON.parse(readFileSync(out, 'utf8')) as CounterexampleFile
    expect(result.stdout).toContain(`replay: the same ${file.history.length} operations as ${out}`)
    expect(result.stdout).toMatch(/\[1 one-claim-per-job\] job \S+ was claimed 2 times/)
  })

  it('the printed one-line command replays it too', async () => {
    expect(replayLine).not.toBe('')
    const result = await runCli(['race', '--headless', '--scenario', replayLine, '--json'])
    expect(result.code, result.stderr).toBe(1)
    const json = JSON.parse(result.stdout) as { violations: { invariant: number; jobId: string }[] }
    const file = JSON.parse(readFileSync(out, 'utf8')) as CounterexampleFile
    expect(json.violations[0]).toMatchObject({ invariant: 1, jobId: file.violations[0]?.jobId })
  })

  const bad: [string, string[], RegExp][] = [
    ['--property over HTTP', ['--property', '--http'], /--http does not go with --property/],
    ['--property with a history file', ['--property', '--history', 'h'], /--history does not go/],
    ['--property and --replay', ['--property', '--replay', 'x.json'], /exclude each other/],
    ['--runs without --property', ['--runs', '5'], /--runs needs --property/],
    ['--out without --property', ['--out', 'x.json'], /--out needs --property/],
    ['no runs', ['--property', '--runs', '0'], /--runs must be between 1 and 100000/],
    [
      '--replay with a scenario flag',
      ['--replay', 'x.json', '--workers', '2'],
      /--workers does not go with --replay/,
    ],
    [
      '--replay of a missing file',
      ['--replay', '/nonexistent/x.json'],
      /--replay: \/nonexistent\/x.json/,
    ],
  ]
  for (const [what, args, message] of bad) {
    it(`${what}: exit 2 and a message`, async () => {
      const result = await runCli(['race', '--headless', ...args])
      expect(result.code, result.stderr).toBe(2)
      expect(result.stderr).toMatch(message)
      expect(result.stdout).toBe('')
    })
  }
})
