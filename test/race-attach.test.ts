// A race attached to a running fake (`fake-pleo race --api URL`): it races on a company of its
// own, over HTTP, with its own fault rules, and leaves the server's other jobs and its fault rules
// as they were; its webhook workers verify on the clock the server says it stamps with.
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { startFakePleo } from './support/start-fake-pleo.ts'
import {
  attachEnvironment,
  runRace,
  scenario,
  startLiveRace,
  WorkerKilled,
  type LiveEvent,
  type Operation,
} from '@fake-pleo/race'

/** Two workers and three jobs pressed 400 s apart on the race's clock (the last at 800 s). */
const threeJobs400SecondsApart = (workers: { webhookWorkers: number; pollSeconds: number }) =>
  scenario(9, {
    workers: 2,
    jobs: 3,
    arrival: { batch: 1, everySeconds: 400 },
    expiresIn: 7200,
    ...workers,
  })

describe('a race attached to a running fake', () => {
  it('races on its own company and leaves the rest of the server as it was', async () => {
    await using sim = await startFakePleo({ seed: 'demo', adminToken: 'tok' })
    const rules = {
      seed: 'theirs',
      rules: [
        { target: 'http' as const, status: 503 as const, route: 'GET /v3/nothing', probability: 1 },
      ],
    }
    await sim.control.setFaults(rules)
    const s = scenario(6, { workers: 3, webhookWorkers: 1, jobs: 8, faults: 'mild' })
    const result = await runRace(s, {
      environment: (sc) => attachEnvironment(sc, { url: sim.url, adminToken: 'tok' }),
    })
    expect(result.check.violations).toEqual([])
    expect(result.end).toBe('done')
    expect(result.finalState.jobs).toHaveLength(8)
    const auth = `Basic ${Buffer.from(`${sim.apiKey ?? ''}:`).toString('base64')}`
    const demo = (await (
      await sim.fetch('/v3/export-jobs', { headers: { authorization: auth } })
    ).json()) as { data: { status: string }[] }
    expect(demo.data.map((job) => job.status)).toEqual(['pending', 'pending', 'pending'])
    expect(await sim.control.faults()).toMatchObject(rules)
    const journal = await sim.control.journal(0, 1000)
    expect(journal.some((e) => e.path === '/_sim/companies' && e.status === 201)).toBe(true)
  }, 60_000)

  it.each(['wall', 'virtual'] as const)(
    'verifies webhooks on the clock the server stamps them with (%s) after its manual clock moved',
    async (webhookTimestamps) => {
      await using sim = await startFakePleo({ seed: 'demo', clock: 'manual', webhookTimestamps })
      const before = (await sim.control.clock()).nowMs
      const s = threeJobs400SecondsApart({ webhookWorkers: 2, pollSeconds: 3600 })
      const result = await runRace(s, {
        environment: (sc) => attachEnvironment(sc, { url: sim.url, speed: 300 }),
      })
      expect(result.check.violations).toEqual([])
      expect(result.end).toBe('done')
      expect((await sim.control.clock()).nowMs - before).toBeGreaterThan(600_000)
      const deliveries = sim.deps.store.webhooks.listDeliveries(0, 1000)
      expect(deliveries.length).toBeGreaterThanOrEqual(3 * 2)
      expect(deliveries.map((d) => d.status)).toEqual(deliveries.map(() => 204))
    },
    60_000,
  )

  it("keeps the server's manual clock at the race's time when each clock move is slow to answer", async () => {
    await using sim = await startFakePleo({ seed: 'demo', clock: 'manual' })
    const before = (await sim.control.clock()).nowMs
    // Every clock move is answered 150 ms late, as on a loaded machine: the time that passes
    // meanwhile must still reach the server's clock.
    const slowMoves: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init)
      if (String(input).endsWith('/_sim/clock/advance')) await sleep(150)
      return answer
    }
    const s = threeJobs400SecondsApart({ webhookWorkers: 0, pollSeconds: 60 })
    const result = await runRace(s, {
      environment: (sc) => attachEnvironment(sc, { url: sim.url, speed: 300, fetch: slowMoves }),
    })
    expect(result.check.violations).toEqual([])
    expect(result.end).toBe('done')
    // The last job was pressed 800 s into the race: the server's clock got there too, less the
    // moves it may trail by on a busy machine (a move every 100 ms real is 30 s at speed 300).
    // Anchoring each move on its answer's arrival left it near 200 s behind here.
    const jobs = sim.deps.store
      .listJournal(0, 1_000_000)
      .filter((e) => e.path === '/_sim/export-jobs' && e.status === 201)
    expect(jobs).toHaveLength(3)
    expect((await sim.control.clock()).nowMs - before).toBeGreaterThanOrEqual(600_000)
  }, 60_000)

  it('says clearly when the URL is not a fake-pleo', async () => {
    const s = scenario(1, { jobs: 1 })
    await expect(attachEnvironment(s, { url: 'http://127.0.0.1:9' })).rejects.toThrow(
      /does not answer as fake-pleo/,
    )
  })

  it('runs the live view attached: Export works, unsafe and speed are refused with a reason', async () => {
    await using sim = await startFakePleo({ seed: 'demo' })
    const s = scenario(7, { workers: 2, webhookWorkers: 1, jobs: 1_000_000 })
    const race = startLiveRace(s, { environment: (sc) => attachEnvironment(sc, { url: sim.url }) })
    const events: LiveEvent[] = []
    race.subscribe((batch) => void events.push(...batch))
    const until = (predicate: () => boolean) =>
      expect.poll(predicate, { timeout: 6000, interval: 20 }).toBe(true)
    await until(() => events.some((e) => e.type === 'settings'))
    race.send({ type: 'set-unsafe', unsafe: true })
    race.send({ type: 'set-speed', speed: 64 })
    race.send({ type: 'press-export', count: 2 })
    await until(() => events.filter((e) => e.type === 'error').length === 2)
    const errors = events.flatMap((e) => (e.type === 'error' ? [e.message] : []))
    expect(errors[0]).toMatch(/--unsafe-claims/)
    expect(errors[1]).toMatch(/server's clock/)
    expect(events.filter((e) => e.type === 'settings').every((e) => !e.unsafe)).toBe(true)
    await until(() => events.some((e) => e.type === 'tick' && e.claimsWon >= 2))
    const summary = await race.stop()
    // On failure, say which invariant broke.
    expect(summary.violations, JSON.stringify(events.filter((e) => e.type === 'error'))).toBe(0)
    // The fake's journal against the history: every press the history saw answered made a job,
    // and the fake made no job the history cannot account for. A press the stop cut off on its
    // way (recorded `info`, or never completed) may or may not have been carried out, so the
    // journal may hold up to that many more.
    const journal = await sim.control.journal(0, 1000)
    const created = journal.filter((e) => e.path === '/_sim/export-jobs' && e.status === 201)
    const creates = events.flatMap((e) =>
      e.type === 'operation' && e.operation.f === 'create' ? [e.operation] : [],
    )
    const answered = creates.filter((op) => op.type === 'ok').length
    const refused = creates.filter((op) => op.type === 'fail').length
    const asked = creates.filter((op) => op.type === 'invoke').length
    expect(answered).toBe(summary.jobs)
    expect(created.length).toBeGreaterThanOrEqual(answered)
    expect(created.length).toBeLessThanOrEqual(asked - refused)
  }, 30_000)

  it('stopping while a finish is in flight never reads the final state before it lands', async () => {
    await using sim = await startFakePleo({ seed: 'demo' })
    const s = scenario(11, { workers: 2, webhookWorkers: 0, jobs: 1_000_000, items: [1, 1] })
    // Every event the race's workers send is held 400 ms by the server, so a stop almost always
    // comes while one is on its way.
    const held = { target: 'http' as const, latencyMs: 400, route: 'POST /v3/export-job-events' }
    const race = startLiveRace(s, {
      environment: async (sc) => {
        const env = await attachEnvironment(sc, { url: sim.url })
        return { ...env, setFaults: (seed, rules) => env.setFaults(seed, [...rules, held]) }
      },
    })
    const pending = new Map<number, string>()
    const finishes: string[] = []
    let stopped = false
    const inFlight = new Promise<void>((resolve) =>
      race.subscribe((batch) => {
        for (const e of batch) {
          if (e.type !== 'operation' || e.operation.f !== 'finish') continue
          const { process, type } = e.operation
          if (typeof process !== 'number') continue
          finishes.push(type)
          if (type === 'invoke') pending.set(process, 'finish')
          else pending.delete(process)
        }
        if (!stopped && pending.size > 0) {
          stopped = true
          resolve()
        }
      }),
    )
    await inFlight
    const summary = await race.stop()
    expect(summary.violations).toBe(0)
    // The stop did come while a finish was held: its answer never reached the worker.
    expect(finishes.at(-1)).toBe('info')
  }, 30_000)
})

describe('a live race stopped while pressing Export', () => {
  it('records a create cut off on its way as of unknown outcome, and the job it made is no violation', async () => {
    await using sim = await startFakePleo({ seed: 'demo' })
    const s = scenario(14, { workers: 1, webhookWorkers: 0, jobs: 1_000_000 })
    // Once `hold` is set, the fake makes the nemesis's next job but its answer never comes back:
    // the request is cut off when the race stops, as a stop during a slow Export would be.
    const state = { hold: false, held: 0 }
    const cutOff: ((error: Error) => void)[] = []
    const race = startLiveRace(s, {
      environment: async (sc) => {
        const env = await attachEnvironment(sc, { url: sim.url })
        return {
          ...env,
          fetchFor: (owner) => {
            const inner = env.fetchFor(owner)
            if (owner !== 'nemesis') return inner
            return async (input, init) => {
              const answer = await inner(input, init)
              if (!state.hold || !String(input).endsWith('/_sim/export-jobs')) return answer
              state.held++
              return new Promise<never>((_, reject) => cutOff.push(reject))
            }
          },
          cancel: (owner, reason) => {
            if (owner === 'nemesis') for (const reject of cutOff) reject(new WorkerKilled(true))
            env.cancel(owner, reason)
          },
        }
      },
    })
    const operations: Operation[] = []
    race.subscribe((batch) => {
      for (const e of batch) if (e.type === 'operation') operations.push(e.operation)
    })
    await expect
      .poll(() => operations.some((op) => op.f === 'claim' && op.type === 'ok'), {
        timeout: 10_000,
      })
      .toBe(true)
    state.hold = true
    await expect.poll(() => state.held, { timeout: 10_000 }).toBe(1)
    const summary = await race.stop()
    const creates = operations.filter((op) => op.process === 'nemesis' && op.f === 'create')
    expect(creates.filter((op) => op.type === 'info')).toHaveLength(1)
    const made = sim.deps.store.listJournal(0, 1_000_000)
    const pressed = made.filter((e) => e.path === '/_sim/export-jobs' && e.status === 201)
    // The fake made one job more than the history can name, and that is not a lost change.
    expect(pressed.length).toBe(creates.filter((op) => op.type === 'ok').length + 1)
    expect(summary.violations).toBe(0)
  }, 40_000)
})

/**
 * A control API whose clock moves are refused while `refusing` is set: they reach the server with
 * a wrong admin token, so the server answers 401 and journals each one.
 */
function refusingClockMoves() {
  const state = { refusing: true }
  const fetchWith: typeof fetch = (input, init) => {
    const refused = state.refusing && String(input).endsWith('/_sim/clock/advance')
    if (!refused) return fetch(input, init)
    const headers = { ...(init?.headers as Record<string, string>), authorization: 'Bearer wrong' }
    return fetch(input, { ...init, headers })
  }
  return { state, fetch: fetchWith }
}

/** The clock moves the server journaled: refused (401) and made (200). */
function clockMoves(sim: {
  deps: { store: { listJournal(after: number, limit: number): JournalEntry[] } }
}) {
  const journal = sim.deps.store.listJournal(0, 1_000_000)
  const moves = journal.filter((e) => e.method === 'POST' && e.path === '/_sim/clock/advance')
  return {
    refused: moves.filter((e) => e.status === 401).length,
    moved: moves.filter((e) => e.status === 200).length,
  }
}

type JournalEntry = { method: string; path: string; status: number }

describe('attach.ts dropped failed clock advances silently', () => {
  it('a headless race reports a refused clock move once, as a warning, however often it was tried', async () => {
    await using sim = await startFakePleo({ seed: 'demo', clock: 'manual', adminToken: 'tok' })
    const control = refusingClockMoves()
    const s = scenario(12, {
      workers: 2,
      webhookWorkers: 0,
      jobs: 2,
      items: [2, 2],
      itemSeconds: 0.5,
      arrival: { batch: 2, everySeconds: 1 },
    })
    const result = await runRace(s, {
      environment: (sc) =>
        attachEnvironment(sc, { url: sim.url, adminToken: 'tok', fetch: control.fetch }),
    })
    expect(result.end).toBe('done')
    expect(result.errors).toEqual([])
    const { refused, moved } = clockMoves(sim)
    expect(refused).toBeGreaterThanOrEqual(3)
    expect(moved).toBe(0)
    expect(result.warnings).toHaveLength(1)
    expect(result.warnings[0]).toMatch(/clock could not be moved .*401/)
  }, 60_000)

  it('the live view is told once per spell of refused clock moves', async () => {
    await using sim = await startFakePleo({ seed: 'demo', clock: 'manual', adminToken: 'tok' })
    const control = refusingClockMoves()
    const s = scenario(13, { workers: 1, webhookWorkers: 0, jobs: 1_000_000 })
    const race = startLiveRace(s, {
      environment: (sc) =>
        attachEnvironment(sc, { url: sim.url, adminToken: 'tok', fetch: control.fetch }),
    })
    const warnings: string[] = []
    race.subscribe((batch) => {
      for (const e of batch) if (e.type === 'error') warnings.push(e.message)
    })
    await expect.poll(() => clockMoves(sim).refused, { timeout: 10_000 }).toBeGreaterThanOrEqual(5)
    control.state.refusing = false
    await expect.poll(() => clockMoves(sim).moved, { timeout: 10_000 }).toBeGreaterThan(0)
    await expect.poll(() => warnings.length).toBe(1)
    control.state.refusing = true
    const refusedBefore = clockMoves(sim).refused
    await expect
      .poll(() => clockMoves(sim).refused, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(refusedBefore + 3)
    await race.stop()
    expect(warnings).toHaveLength(2)
    expect(warnings.every((w) => /clock could not be moved/.test(w))).toBe(true)
  }, 30_000)
})
