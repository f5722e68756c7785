// The race engine over real HTTP on 127.0.0.1 (the fake on a port, a webhook endpoint per webhook
// worker): a safe race, zombie moves included, holds every invariant and matches the journal; the
// unsafe server's double claims are journaled and reported.
import { describe, expect, it } from 'vitest'
import { runRace } from '../src/engine.ts'
import { scenario } from '../src/scenario.ts'
import { acceptedClaims, journalled } from './support.ts'

describe('race engine (over HTTP)', () => {
  it('holds every invariant, with signed webhooks delivered over HTTP', async () => {
    const { captured, environment } = journalled('http')
    // A short window: a paused zombie worker waits it out in real time (at 10× speed).
    const s = scenario(21, {
      workers: 4,
      webhookWorkers: 2,
      jobs: 16,
      faults: 'mild',
      expiresIn: 30,
    })
    const result = await runRace(s, { environment, transport: 'http' })
    expect(result.check.violations).toEqual([])
    expect(result.end).toBe('done')
    expect([...acceptedClaims(captured.journal).values()].every((n) => n === 1)).toBe(true)
    expect(acceptedClaims(captured.journal).size).toBe(result.summary.claimsWon)
  }, 60_000)

  it('catches double claims on the unsafe server', async () => {
    const { captured, environment } = journalled('http')
    const s = scenario(22, { workers: 6, jobs: 20, unsafe: true, expiresIn: 30 })
    const result = await runRace(s, { environment, transport: 'http' })
    const doubled = [...acceptedClaims(captured.journal)].filter(([, n]) => n > 1)
    expect(doubled.length).toBeGreaterThan(0)
    expect(result.check.violations.some((v) => v.invariant === 1)).toBe(true)
  }, 60_000)
})
