// The race engine in-process: a seed replays the same race exactly; a safe race drains with every
// invariant holding and agrees with the fake's own journal; the unsafe server produces double
// claims that the fake journaled and the checker reports; kills and steals leave the history
// consistent; webhooks verify on the virtual clock however far it moved.
import { describe, expect, it } from 'vitest'
import { runRace } from '../src/engine.ts'
import { scenario } from '../src/scenario.ts'
import { acceptedClaims, journalled, withoutTime } from './support.ts'

describe('race engine (in-process)', () => {
  it('replays the same history for the same seed, and a different one for another', async () => {
    const s = scenario(11, { workers: 4, jobs: 12, faults: 'mild', kills: 1, steals: 1 })
    const first = await runRace(s)
    const again = await runRace(s)
    expect(withoutTime(again.history)).toEqual(withoutTime(first.history))
    expect(again.finalState).toEqual(first.finalState)
    const other = await runRace({ ...s, seed: 12 })
    expect(withoutTime(other.history)).not.toEqual(withoutTime(first.history))
  })

  it('drains a safe race: every job ends, one accepted claim each, as the fake journaled', async () => {
    const { captured, environment } = journalled()
    // No zombies: a paused zombie worker lets its job expire on purpose (zombies.test.ts).
    const s = scenario(3, { workers: 6, jobs: 30, items: [1, 8], zombies: 0 })
    const result = await runRace(s, { environment })
    expect(result.end).toBe('done')
    expect(result.errors).toEqual([])
    expect(result.check.violations).toEqual([])
    expect(result.finalState.jobs).toHaveLength(30)
    expect(result.finalState.jobs.every((job) => job.status === 'completed')).toBe(true)
    const claims = acceptedClaims(captured.journal)
    expect(claims.size).toBe(30)
    expect([...claims.values()].every((n) => n === 1)).toBe(true)
    expect(result.summary.claimsWon).toBe(30)
    const refused = captured.journal.filter((e) => e.event === 'started' && e.status === 422)
    expect(result.summary.claimsLost).toBe(refused.length)
    expect(result.summary.doubleBooked).toBe(0)
    // Regression: item updates were read from an `items` field, but Pleo's body is the array.
    const updates = result.history.filter((op) => op.f === 'put-items' && op.type === 'invoke')
    expect(updates.length).toBeGreaterThan(0)
    for (const op of updates)
      expect((op.value as { items: unknown[] }).items.length).toBeGreaterThan(0)
  })

  // Regression (seen in the live view): in-process endpoints had a path the webhook detector did
  // not serve, so every delivery got a 404 and webhook workers only woke by their slow poll.
  it('delivers every webhook to a webhook worker, answered 204', async () => {
    const { captured, environment } = journalled()
    const s = scenario(13, { workers: 3, webhookWorkers: 3, jobs: 6, pollSeconds: 600 })
    const result = await runRace(s, { environment })
    expect(result.check.violations).toEqual([])
    expect(captured.deliveries.length).toBeGreaterThanOrEqual(6 * 3)
    expect(captured.deliveries.every((d) => d.status === 204)).toBe(true)
    // With a ten-minute poll, only webhooks can have woken the workers this soon.
    expect(result.summary.simSeconds).toBeLessThan(300)
  })

  // The fake signs with the virtual clock the workers verify against: with real-time stamps, every
  // delivery made after the clock had moved past the 5-minute tolerance was refused (401).
  it('delivers webhooks verified on the virtual clock, however far it has moved', async () => {
    const { captured, environment } = journalled()
    const s = scenario(14, {
      workers: 2,
      webhookWorkers: 2,
      jobs: 3,
      arrival: { batch: 1, everySeconds: 900 },
      pollSeconds: 3600,
      expiresIn: 7200,
    })
    const result = await runRace(s, { environment })
    expect(result.check.violations).toEqual([])
    expect(result.summary.simSeconds).toBeGreaterThan(1800)
    expect(captured.deliveries.length).toBeGreaterThanOrEqual(3 * 2)
    expect(captured.deliveries.map((d) => d.status)).toEqual(captured.deliveries.map(() => 204))
  })

  it('shows the double claim on the unsafe server: journaled twice, reported, booked twice', async () => {
    const { captured, environment } = journalled()
    const result = await runRace(scenario(5, { workers: 4, jobs: 10, unsafe: true }), {
      environment,
    })
    const doubled = [...acceptedClaims(captured.journal)].filter(([, n]) => n > 1)
    expect(doubled.length).toBeGreaterThan(0)
    const reported = result.check.violations.filter((v) => v.rule === 'one-claim-per-job')
    expect(new Set(reported.map((v) => v.jobId))).toEqual(new Set(doubled.map(([id]) => id)))
    expect(result.summary.doubleBooked).toBeGreaterThan(0)
  })

  it('keeps every invariant with kills, restarts, steals and harsh faults', async () => {
    const { captured, environment } = journalled()
    const s = scenario(8, { workers: 5, jobs: 40, faults: 'harsh', kills: 4, steals: 4 })
    const result = await runRace(s, { environment })
    expect(result.check.violations).toEqual([])
    expect(result.end).toBe('done')
    const crashes = result.history.filter((op) => op.f === 'crash')
    const restarts = result.history.filter((op) => op.f === 'restart')
    expect(crashes).toHaveLength(4)
    expect(restarts.length).toBeGreaterThan(0)
    expect(captured.journal.some((e) => e.fault !== null)).toBe(true)
    expect(result.summary.steals).toBeGreaterThan(0)
    expect([...acceptedClaims(captured.journal).values()].every((n) => n === 1)).toBe(true)
    const open = result.finalState.jobs.filter(
      (j) => j.status === 'pending' || j.status === 'in_progress',
    )
    expect(open).toEqual([])
  })
})
