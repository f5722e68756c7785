// HTTP faults, in-process: PUT/GET/DELETE /_sim/faults (a bad rule is a 400 naming field and
// reason, and changes nothing); each status fault answers {type, message} with its status and
// Retry-After without handling the request, so nothing in the database changes, and the journal
// names the fault; latency is waited out through the engine's injected sleep (no timing
// assertions) and the request then happens; `count` spends a rule; a seeded probability gives the
// same sequence twice and another with another seed; route globs pick requests; the Prefer
// header asks for a fault per request (bad values are 400s); /_sim, /docs and /openapi.json are
// never faulted; /v1 is; POST /_sim/reset removes the rules.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createFaultEngine } from '../src/index.ts'
import { inProcessFake } from './helpers.ts'
import { demoJobs, expectError, lastJournalEntry, read, readJournal, type Fake } from './support.ts'

const faultsBody = z.object({
  data: z.object({ seed: z.string(), rules: z.array(z.record(z.string(), z.unknown())) }),
})

/** The database minus the journal and bookkeeping meta: what a request could have changed. */
function world(t: Fake): Record<string, unknown> {
  const state = t.store.snapshot()
  delete state.journal
  delete state.meta
  return state
}

async function putFaults(t: Fake, body: unknown) {
  return t.send('PUT', '/_sim/faults', body, {})
}

async function setFaults(t: Fake, body: unknown) {
  return read(await putFaults(t, body), 200, faultsBody)
}

async function startJob(t: Fake, jobId: string) {
  return t.send('POST', '/v3/export-job-events', { jobId, event: 'started' })
}

describe('/_sim/faults', () => {
  let t: Fake
  afterEach(() => t.close())
  beforeEach(() => {
    t = inProcessFake()
  })

  it('PUT sets the seed and rules, GET reads them, DELETE removes the rules', async () => {
    const rules = [
      { target: 'http', route: 'GET /v3/export-jobs', status: 503, count: 2 },
      { target: 'webhook', kind: 'delay', eventType: 'v1.export-job.created', delayMs: [10, 20] },
    ]
    expect(await setFaults(t, { seed: 'abc', rules })).toEqual({ data: { seed: 'abc', rules } })
    expect(await read(await t.get('/_sim/faults', {}), 200, faultsBody)).toEqual({
      data: { seed: 'abc', rules },
    })
    expect(await setFaults(t, { rules: [] })).toEqual({ data: { seed: 'abc', rules: [] } })
    await setFaults(t, { seed: 'xyz', rules })
    const cleared = await read(
      await t.request('/_sim/faults', {
        method: 'DELETE',
        headers: { 'content-type': 'application/json' },
      }),
      200,
      faultsBody,
    )
    expect(cleared).toEqual({ data: { seed: 'fake-pleo', rules: [] } })
  })

  it('a bad rule is a 400 naming field and reason, and changes nothing', async () => {
    const good = [{ target: 'http', status: 503, count: 1 }]
    await setFaults(t, { seed: 'keep', rules: good })
    const cases: [unknown, RegExp][] = [
      [
        { rules: [{ target: 'http', status: 418 }] },
        /body field 'rules.0.status': must be one of 404, 429, 500, 502, 503, 504/,
      ],
      [
        { rules: [{ target: 'http', status: 404 }] },
        /body field 'rules.0.status': 404 applies only to receipt downloads/,
      ],
      [
        { rules: [{ target: 'http' }] },
        /body field 'rules.0': an http rule needs latencyMs, status or oversizedBytes/,
      ],
      [
        { rules: [{ target: 'http', route: '/_sim/*', status: 503 }] },
        /body field 'rules.0.route': must start with \/v3/,
      ],
      [
        { rules: [{ target: 'http', status: 503, probability: 1.5 }] },
        /body field 'rules.0.probability'/,
      ],
      [
        { rules: [good[0], { target: 'webhook', kind: 'explode' }] },
        /body field 'rules.1.kind': must be one of drop/,
      ],
      [{ rules: [{ target: 'ftp' }] }, /body field 'rules.0.target'/],
      [{ rules: [{ target: 'http', status: 503, colour: 'red' }] }, /unknown field\(s\) 'colour'/],
      [{ seed: 'x' }, /body field 'rules'/],
      [{ rules: [], extra: true }, /body: unknown field\(s\) 'extra'/],
    ]
    for (const [body, message] of cases) {
      const response = await putFaults(t, body)
      expect(await expectError(response, 400, 'BAD_REQUEST')).toMatch(message)
    }
    const notJson = await t.request('/_sim/faults', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{',
    })
    await expectError(notJson, 400, 'BAD_REQUEST')
    expect(await read(await t.get('/_sim/faults', {}), 200, faultsBody)).toEqual({
      data: { seed: 'keep', rules: good },
    })
    // and the rule kept its state: it still fires once
    expect((await t.get('/v3/export-jobs')).status).toBe(503)
    expect((await t.get('/v3/export-jobs')).status).toBe(200)
  })

  it('POST /_sim/reset removes the rules set since start', async () => {
    await setFaults(t, { seed: 'abc', rules: [{ target: 'http', status: 503 }] })
    expect((await t.send('POST', '/_sim/reset', {}, {})).status).toBe(200)
    expect(await read(await t.get('/_sim/faults', {}), 200, faultsBody)).toEqual({
      data: { seed: 'fake-pleo', rules: [] },
    })
    expect((await t.get('/v3/export-jobs')).status).toBe(200)
  })

  it('POST /_sim/reset restores the rules the fake started with (serve --faults)', async () => {
    const faults = createFaultEngine()
    const start = [{ target: 'http' as const, route: 'GET /v3/export-jobs', status: 503 as const }]
    faults.setRules({ seed: 'boot', rules: start })
    using booted = inProcessFake({ faults })
    await setFaults(booted, { seed: 'later', rules: [] })
    expect((await booted.get('/v3/export-jobs')).status).toBe(200)
    expect((await booted.send('POST', '/_sim/reset', {}, {})).status).toBe(200)
    const state = await read(await booted.get('/_sim/faults', {}), 200, faultsBody)
    expect(state.data.seed).toBe('boot')
    expect(state.data.rules).toHaveLength(1)
    expect((await booted.get('/v3/export-jobs')).status).toBe(503)
  })
})

describe('status faults', () => {
  const codes: [number, string, string | null][] = [
    [429, 'TOO_MANY_REQUESTS', '1'],
    [500, 'INTERNAL_ERROR', null],
    [502, 'BAD_GATEWAY', null],
    [503, 'SERVICE_UNAVAILABLE', '1'],
    [504, 'GATEWAY_TIMEOUT', null],
  ]
  for (const [status, type, retryAfter] of codes) {
    it(`${status}: answers ${type}${retryAfter ? ' with Retry-After' : ''}; the request did not happen`, async () => {
      using t = inProcessFake()
      const [job] = await demoJobs(t)
      if (!job) throw new Error('no demo job')
      await setFaults(t, {
        rules: [{ target: 'http', route: 'POST /v3/export-job-events', status }],
      })
      const before = world(t)

      const response = await startJob(t, job.id)
      expect(response.headers.get('retry-after')).toBe(retryAfter)
      const message = await expectError(response, status, type)
      expect(message).toMatch(/^Injected fault \(status=\d{3} \(rule 0\)\)/)
      expect(message).toContain('without handling the request')

      expect(world(t)).toEqual(before)
      expect(t.store.getJob(job.id)?.status).toBe('pending')
      const entry = await lastJournalEntry(t)
      expect(entry).toMatchObject({
        method: 'POST',
        path: '/v3/export-job-events',
        status,
        fault: `status=${status} (rule 0)`,
        jobId: null,
      })
    })
  }

  it('an explicit retryAfter is sent, with any status', async () => {
    using t = inProcessFake()
    await setFaults(t, {
      rules: [
        { target: 'http', status: 500, retryAfter: 30, count: 1 },
        { target: 'http', status: 503, retryAfter: 0, count: 1 },
      ],
    })
    expect((await t.get('/v3/export-jobs')).headers.get('retry-after')).toBe('30')
    expect((await t.get('/v3/export-jobs')).headers.get('retry-after')).toBe('0')
  })

  it('a faulted POST /v3/export-jobs creates no job; the next one does', async () => {
    using t = inProcessFake()
    await setFaults(t, {
      rules: [{ target: 'http', route: 'POST /v3/export-jobs', status: 502, count: 1 }],
    })
    const before = world(t)
    const create = () =>
      t.send('POST', '/v3/export-jobs', {
        companyId: t.companyId,
        accountingEntryIds: ['aaaaaaaa-0000-4000-8000-000000000001'],
      })
    await expectError(await create(), 502, 'BAD_GATEWAY')
    expect(world(t)).toEqual(before)
    expect((await create()).status).toBe(201)
    expect(world(t)).not.toEqual(before)
  })

  it('comes before authentication, as a gateway would', async () => {
    using t = inProcessFake()
    await setFaults(t, { rules: [{ target: 'http', status: 503 }] })
    await expectError(await t.get('/v3/export-jobs', {}), 503, 'SERVICE_UNAVAILABLE')
  })
})

describe('count', () => {
  it('faults the next n matching requests, then the rule is spent', async () => {
    using t = inProcessFake()
    await setFaults(t, {
      rules: [{ target: 'http', route: 'GET /v3/export-jobs', status: 503, count: 2 }],
    })
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await t.get('/v3/export-jobs')).status)
    expect((await t.get('/v3/export-items')).status).toBe(200)
    expect(statuses).toEqual([503, 503, 200, 200])
    const faults = (await readJournal(t))
      .filter((e) => e.path.startsWith('/v3'))
      .map((e) => e.fault)
    expect(faults).toEqual(['status=503 (rule 0)', 'status=503 (rule 0)', null, null, null])
  })
})

describe('probability with a seed', () => {
  const rules = [{ target: 'http', status: 503, probability: 0.5 }]

  async function sequence(seed: string, n = 40): Promise<number[]> {
    using t = inProcessFake()
    await setFaults(t, { seed, rules })
    const statuses: number[] = []
    for (let i = 0; i < n; i++) statuses.push((await t.get('/v3/export-jobs')).status)
    return statuses
  }

  it('the same seed and requests give the same faults; another seed other faults', async () => {
    const first = await sequence('alpha')
    expect(new Set(first)).toEqual(new Set([200, 503]))
    expect(await sequence('alpha')).toEqual(first)
    expect(await sequence('beta')).not.toEqual(first)
  })

  it('setting the rules again restarts the sequence', async () => {
    using t = inProcessFake()
    const run = async () => {
      await setFaults(t, { seed: 'gamma', rules })
      const statuses: number[] = []
      for (let i = 0; i < 20; i++) statuses.push((await t.get('/v3/export-jobs')).status)
      return statuses
    }
    expect(await run()).toEqual(await run())
  })
})

describe('route matching', () => {
  let t: Fake
  let jobId: string
  afterEach(() => t.close())
  beforeEach(async () => {
    t = inProcessFake()
    const [job] = await demoJobs(t)
    if (!job) throw new Error('no demo job')
    jobId = job.id
  })

  it('a method and path pick exactly those requests', async () => {
    await setFaults(t, { rules: [{ target: 'http', route: 'GET /v3/export-jobs', status: 504 }] })
    expect((await t.get('/v3/export-jobs')).status).toBe(504)
    expect((await t.get(`/v3/export-jobs/${jobId}`)).status).toBe(200)
    expect((await t.get('/v3/export-items')).status).toBe(200)
    expect((await startJob(t, jobId)).status).toBe(202)
  })

  it('* stands for one segment, or the rest at the end', async () => {
    await setFaults(t, {
      rules: [
        { target: 'http', route: '/v3/export-jobs/*/items', status: 502 },
        { target: 'http', route: 'POST /v3/*', status: 500 },
      ],
    })
    expect((await t.get(`/v3/export-jobs/${jobId}/items`)).status).toBe(502)
    expect((await t.get(`/v3/export-jobs/${jobId}`)).status).toBe(200)
    expect((await startJob(t, jobId)).status).toBe(500)
    expect((await t.get('/v3/export-jobs')).status).toBe(200)
  })

  it('the Subscriptions API under /v1 is faulted too', async () => {
    await setFaults(t, { rules: [{ target: 'http', route: '/v1/*', status: 503 }] })
    await expectError(await t.get('/v1/subscriptions'), 503, 'SERVICE_UNAVAILABLE')
    expect((await t.get('/v3/export-jobs')).status).toBe(200)
  })

  it('/_sim, /docs and /openapi.json are never faulted', async () => {
    await setFaults(t, { rules: [{ target: 'http', route: '/*', status: 503 }] })
    for (const path of ['/_sim/health', '/_sim/faults', '/_sim/clock', '/openapi.json', '/docs']) {
      const response = await t.request(path, { headers: { prefer: 'status=503' } })
      expect(response.status, path).toBe(200)
    }
    expect((await t.get('/v3/export-jobs')).status).toBe(503)
  })
})

describe('latency', () => {
  function withSleep() {
    const slept: number[] = []
    const faults = createFaultEngine({
      sleep: (ms) => {
        slept.push(ms)
        return Promise.resolve()
      },
    })
    return { t: inProcessFake({ faults }), slept }
  }

  it('holds the request through the engine, which then handles it', async () => {
    const { t: fake, slept } = withSleep()
    using t = fake
    const [job] = await demoJobs(t)
    if (!job) throw new Error('no demo job')
    await setFaults(t, {
      rules: [{ target: 'http', route: 'POST /v3/export-job-events', latencyMs: 250 }],
    })
    expect((await startJob(t, job.id)).status).toBe(202)
    expect(slept).toEqual([250])
    expect(t.store.getJob(job.id)?.status).toBe('in_progress')
    expect(await lastJournalEntry(t)).toMatchObject({
      status: 202,
      jobId: job.id,
      fault: 'latency=250ms (rule 0)',
    })
  })

  it('draws from [min, max] and adds up with a status fault', async () => {
    const { t: fake, slept } = withSleep()
    using t = fake
    await setFaults(t, {
      seed: 's',
      rules: [
        { target: 'http', latencyMs: [100, 200] },
        { target: 'http', latencyMs: 5, status: 503, count: 1 },
      ],
    })
    await expectError(await t.get('/v3/export-jobs'), 503, 'SERVICE_UNAVAILABLE')
    expect((await t.get('/v3/export-jobs')).status).toBe(200)
    const [first = 0, second = 0] = slept
    expect(slept).toHaveLength(2)
    const entries = (await readJournal(t)).filter((e) => e.path === '/v3/export-jobs')
    expect(entries.map((e) => e.fault)).toEqual([
      `latency=${first - 5}ms (rule 0); latency=5ms, status=503 (rule 1)`,
      `latency=${second}ms (rule 0)`,
    ])
    expect(first - 5).toBeGreaterThanOrEqual(100)
    expect(first - 5).toBeLessThanOrEqual(200)
    expect(second).toBeGreaterThanOrEqual(100)
    expect(second).toBeLessThanOrEqual(200)
  })
})

describe('the Prefer header', () => {
  it('status=503 answers 503 with Retry-After, and nothing happens', async () => {
    using t = inProcessFake()
    const [job] = await demoJobs(t)
    if (!job) throw new Error('no demo job')
    const before = world(t)
    const response = await t.send(
      'POST',
      '/v3/export-job-events',
      { jobId: job.id, event: 'started' },
      { ...t.auth, prefer: 'status=503' },
    )
    expect(response.headers.get('retry-after')).toBe('1')
    await expectError(response, 503, 'SERVICE_UNAVAILABLE')
    expect(world(t)).toEqual(before)
    expect((await lastJournalEntry(t)).fault).toBe('status=503 (Prefer header)')
  })

  it('delay=200 holds the request, which then happens; both combine', async () => {
    const slept: number[] = []
    const faults = createFaultEngine({ sleep: (ms) => (slept.push(ms), Promise.resolve()) })
    using t = inProcessFake({ faults })
    const response = await t.get('/v3/export-jobs', { ...t.auth, prefer: 'delay=200' })
    expect(response.status).toBe(200)
    expect((await lastJournalEntry(t)).fault).toBe('latency=200ms (Prefer header)')
    const both = await t.get('/v3/export-jobs', { ...t.auth, prefer: 'status=429, delay=50' })
    await expectError(both, 429, 'TOO_MANY_REQUESTS')
    expect(both.headers.get('retry-after')).toBe('1')
    expect(slept).toEqual([200, 50])
    expect((await lastJournalEntry(t)).fault).toBe('latency=50ms, status=429 (Prefer header)')
  })

  it('other preferences are ignored', async () => {
    using t = inProcessFake()
    const response = await t.get('/v3/export-jobs', { ...t.auth, prefer: 'return=minimal' })
    expect(response.status).toBe(200)
    expect((await lastJournalEntry(t)).fault).toBeNull()
  })

  it('a bad value is a 400 that names the header, and nothing happens', async () => {
    using t = inProcessFake()
    const [job] = await demoJobs(t)
    if (!job) throw new Error('no demo job')
    const before = world(t)
    for (const prefer of [
      'status=418',
      'status=',
      'delay=soon',
      'delay=-1',
      'status=503, delay=1e3',
    ]) {
      const response = await t.send(
        'POST',
        '/v3/export-job-events',
        { jobId: job.id, event: 'started' },
        { ...t.auth, prefer },
      )
      expect(await expectError(response, 400, 'BAD_REQUEST'), prefer).toMatch(/^header 'Prefer': /)
    }
    expect(world(t)).toEqual(before)
  })
})

describe('without faults', () => {
  it('the journal says no fault fired', async () => {
    using t = inProcessFake()
    await t.get('/v3/export-jobs')
    expect((await lastJournalEntry(t)).fault).toBeNull()
  })
})
