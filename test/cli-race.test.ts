// `fake-pleo race --headless` as a user runs it: help, a safe race (exit 0, the JSON summary,
// the history file the checker can re-read), the unsafe server (exit 1, the double claim named),
// a named unsafe mode caught (exit 1, invariant 2 named), a scenario file, and bad arguments
// (exit 2, a message naming the flag).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkHistory, fromJsonLines } from '@fake-pleo/race'
import { runCli, tempDir } from './cli-process.ts'

const temp = tempDir('fake-pleo-race-')
afterAll(() => temp.remove())

describe('fake-pleo race', () => {
  it('--help explains the command and every option', async () => {
    const result = await runCli(['race', '--help'])
    expect(result.code).toBe(0)
    for (const option of [
      '--headless',
      '--workers',
      '--jobs',
      '--seed',
      '--unsafe',
      '--faults',
      '--zombies',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`^\\s+${option}\\b`, 'm'))
    }
    expect(result.stdout).toMatch(/Exit codes: 0/)
  })

  it('runs a safe race: exit 0, a JSON summary, and a history that checks clean', async () => {
    const history = join(temp.dir, 'safe.jsonl')
    const args = ['race', '--headless', '--workers', '4', '--jobs', '12', '--seed', '9']
    const result = await runCli([...args, '--json', '--history', history, '--quiet'])
    expect(result.code, result.stderr).toBe(0)
    const out = JSON.parse(result.stdout) as {
      valid: boolean
      scenario: { seed: number; workers: number; jobs: number }
      summary: { jobs: number; claimsWon: number; completed: number; violations: number }
    }
    expect(out.valid).toBe(true)
    expect(out.scenario).toMatchObject({ seed: 9, workers: 4, jobs: 12 })
    expect(out.summary).toMatchObject({ jobs: 12, claimsWon: 12, completed: 12, violations: 0 })
    const ops = fromJsonLines(readFileSync(history, 'utf8'))
    const claimsWon = ops.filter((op) => op.f === 'claim' && op.type === 'ok').length
    expect(claimsWon).toBe(12)
    // The file is what the checker reads: clean as written, and a lost claim turned into a win
    // is reported as a second claim of its job.
    const jobs = ops.flatMap((op) =>
      op.f === 'create' && op.type === 'ok' && op.value && 'jobs' in op.value
        ? (op.value.jobs as { id: string; createdAt: string }[])
        : [],
    )
    const finalState = {
      jobs: jobs.map((job) => ({ ...job, status: 'completed' as const, expiredAt: null })),
    }
    expect(checkHistory(ops, finalState).violations).toEqual([])
    const lost = ops.findIndex((op) => op.f === 'claim' && op.type === 'fail')
    expect(lost).toBeGreaterThan(-1)
    const broken = ops.map((op, i) =>
      i === lost ? { ...op, type: 'ok' as const, value: null } : op,
    )
    const found = checkHistory(broken, finalState).violations
    expect(found.some((v) => v.invariant === 1 && v.jobId === ops[lost]?.jobId)).toBe(true)
  })

  it('shows the double claim on the unsafe server: exit 1 and the violation named', async () => {
    const result = await runCli(['race', '--headless', '--unsafe', '--seed', '5', '--quiet'])
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/UNSAFE/)
    expect(result.stdout).toMatch(/\[1 one-claim-per-job\] job \S+ was claimed \d+ times/)
    expect(result.stdout).toMatch(/entries booked by two workers/)
  })

  it('catches a named unsafe mode: --unsafe late-items, exit 1 and invariant 2 named', async () => {
    const args = ['--unsafe', 'late-items', '--seed', '1', '--zombies', '12', '--steals', '2']
    const result = await runCli(['race', '--headless', '--workers', '3', '--jobs', '12', ...args])
    expect(result.code, result.stderr).toBe(1)
    expect(result.stdout).toMatch(/UNSAFE late-items/)
    expect(result.stdout).toMatch(/\[2 nothing-after-(end|finish|expiry)\]/)
    expect(result.stdout).toMatch(/zombies +\d+ zombie moves/)
  })

  it('reads a scenario file, with flags on top', async () => {
    const file = join(temp.dir, 'scenario.json')
    writeFileSync(file, JSON.stringify({ workers: 3, jobs: 5, faults: 'mild', seed: 4 }))
    const result = await runCli(['race', '--scenario', file, '--jobs', '6', '--json', '--quiet'])
    expect(result.code, result.stderr).toBe(0)
    const out = JSON.parse(result.stdout) as { scenario: Record<string, unknown> }
    expect(out.scenario).toMatchObject({ workers: 3, jobs: 6, faults: 'mild', seed: 4 })
  })

  const bad: [string, string[], RegExp][] = [
    ['no workers', ['--workers', '0'], /--workers must be between 1 and 256/],
    ['a word for jobs', ['--jobs', 'many'], /--jobs must be a whole number/],
    ['an unknown fault preset', ['--faults', 'chaos'], /--faults must be one of none, mild/],
    ['items the wrong way round', ['--items', '5-2'], /--items: MIN must not be above MAX/],
    ['more webhook workers than workers', ['--webhook-workers', '9'], /must not exceed --workers/],
    ['an unknown flag', ['--bogus'], /--bogus/],
    ['a missing scenario file', ['--scenario', '/nonexistent/x.json'], /--scenario: cannot read/],
    ['an unknown unsafe mode', ['--unsafe', 'late-item'], /unknown unsafe mode late-item/],
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
