// `race --cmd`'s engine (raceIntegration) over real instances: the reference claimer as three
// instances passes every invariant while the nemesis steals a claim and kills and restarts an
// instance; a fixture that holds two jobs at once (BROKEN=parallel) fails only RACE-003, one that
// claims the newest job (BROKEN=picks-newest) only RACE-004, each with the instance and the
// requests as evidence. Every verdict is checked against what the fake recorded: the requests
// it saw per API key and its final state. Each race is a few jobs in bursts and ends on its own
// once they have ended.
import { describe, expect, it } from 'vitest'
import { scenario, type Operation } from '@fake-pleo/race'
import {
  raceIntegration,
  raceReport,
  type IntegrationRaceOptions,
  type IntegrationRaceResult,
} from '../src/index.ts'
import { fixtureCommand, referenceCommand } from './fixtures/plan-run.ts'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../', import.meta.url))

function race(command: string, overrides: Parameters<typeof scenario>[1] = {}) {
  const options: IntegrationRaceOptions = {
    integration: { command, cwd: root },
    scenario: scenario(11, {
      workers: 2,
      jobs: 6,
      items: [1, 3],
      arrival: { batch: 3, everySeconds: 1 },
      ...overrides,
    }),
    timeoutSeconds: 60,
  }
  return raceIntegration(options)
}

const outcomes = (result: IntegrationRaceResult) =>
  raceReport(result).results.map((r) => `${r.id}: ${r.outcome}`)

const allPassBut = (failing?: string) =>
  ['RACE-001', 'RACE-002', 'RACE-003', 'RACE-004', 'RACE-005', 'RACE-006'].map(
    (id) => `${id}: ${id === failing ? 'fail' : 'pass'}`,
  )

const claimsWon = (history: readonly Operation[]) =>
  history.filter((op) => op.f === 'claim' && op.type === 'ok' && op.process !== 'nemesis')

describe('race --cmd: instances of an integration against one fake', () => {
  it('the reference claimer as three instances holds every invariant through a steal and a kill', async () => {
    const result = await race(referenceCommand, { workers: 3, steals: 1, kills: 1, expiresIn: 20 })
    const report = raceReport(result)
    expect(result.error, result.errors.join('\n')).toBeUndefined()
    expect(outcomes(result), JSON.stringify(report.results, null, 2)).toEqual(allPassBut())
    expect(result.end).toBe('done')
    // What the fake saw: every instance called it with its own key, and every job ended.
    expect(result.instances.map((i) => i.requests > 0)).toEqual([true, true, true])
    expect(new Set(result.instances.map((i) => i.apiKey)).size).toBe(3)
    expect(result.finalState.jobs).toHaveLength(6)
    for (const job of result.finalState.jobs) expect(job.status).not.toMatch(/pending|in_progress/)
    // The nemesis stole one job; the instances claimed each of the others once.
    const stolen = result.history.filter(
      (op) => op.process === 'nemesis' && op.f === 'claim' && op.type === 'ok',
    )
    expect(stolen).toHaveLength(1)
    const claimed = claimsWon(result.history).map((op) => op.jobId)
    expect(new Set(claimed).size).toBe(claimed.length)
    expect(claimed).not.toContain(stolen[0]?.jobId)
    // The killed instance came back (a crash, then a restart, of the same instance).
    const crash = result.history.find((op) => op.f === 'crash')
    const restart = result.history.find((op) => op.f === 'restart')
    expect(crash?.process).toBe(restart?.process)
    expect(result.instances.find((i) => i.index === crash?.process)?.starts).toBe(2)
  }, 90_000)

  it('an integration that holds two jobs at once (BROKEN=parallel) fails RACE-003 only', async () => {
    const result = await race(fixtureCommand('parallel'), {
      jobs: 8,
      arrival: { batch: 4, everySeconds: 1 },
    })
    const report = raceReport(result)
    expect(outcomes(result), JSON.stringify(report.results, null, 2)).toEqual(
      allPassBut('RACE-003'),
    )
    const violation = result.check.violations.find((v) => v.invariant === 3)
    expect(violation?.rule).toBe('one-job-at-a-time')
    // The evidence is that instance's own won claims of two jobs, as the fake answered them.
    const instance = violation?.process
    expect(typeof instance).toBe('number')
    const wins = violation?.operations.filter((op) => op.f === 'claim' && op.type === 'ok') ?? []
    expect(wins.every((op) => op.process === instance)).toBe(true)
    const failed = report.results.find((r) => r.id === 'RACE-003')
    expect(failed?.evidence.observed).toMatch(new RegExp(`^instance ${String(instance)} `))
    expect(failed?.evidence.lines.join('\n')).toMatch(/instance \d+ ok claim/)
  }, 90_000)

  it('an integration that claims the newest job (BROKEN=picks-newest) fails RACE-004 only', async () => {
    const result = await race(fixtureCommand('picks-newest'))
    const report = raceReport(result)
    expect(outcomes(result), JSON.stringify(report.results, null, 2)).toEqual(
      allPassBut('RACE-004'),
    )
    const violation = result.check.violations.find((v) => v.invariant === 4)
    expect(violation?.rule).toBe('oldest-eligible')
    // The listing it claimed from, as the fake answered it, held an older pending job.
    const listing = violation?.operations.find((op) => op.f === 'list' && op.type === 'ok')
    const claim = violation?.operations.find((op) => op.f === 'claim' && op.type === 'invoke')
    const jobs = (listing?.value as { jobs: { id: string; createdAt: string }[] }).jobs
    const claimed = jobs.find((job) => job.id === claim?.jobId)
    expect(claimed).toBeDefined()
    expect(jobs.some((job) => job.createdAt < claimed!.createdAt)).toBe(true)
  }, 90_000)
})
