// `pnpm bench --request`, in-process half: what one request costs a test suite that calls the
// fake's app directly (`createFakePleo().app.request`, no socket), against a bare Hono app with
// the same route shape answering the same bodies. Cases: GET /v3/export-jobs/{id} (auth, the
// job's row, the journal, expiry), GET /_sim/health, and pressing Export for a five-item job
// followed by its claim (POST /_sim/export-jobs + POST /v3/export-job-events `started`). Each
// case runs sequentially (one request in flight, body read), in interleaved rounds after a
// bounded wait for the machine to go quiet; the round with the least CPU per request counts.
// Ratios are of CPU microseconds (this process's user + system time per request): in process,
// with one request in flight, wall time is that CPU plus whatever other work on a shared machine
// took the core, so CPU is the steadier figure; wall time is reported beside it.
import { createFakePleo, type FakePleo } from '@fake-pleo/server'
import { Hono } from 'hono'
import { performance } from 'node:perf_hooks'
import { basicAuth } from './api-client.ts'
import { waitForQuiet } from './quiet-gate.ts'

export const requestConfig = {
  /** Interleaved rounds of every case; the best of each counts. */
  rounds: 5,
  /** Requests per round for the GET cases. */
  gets: 4000,
  /** Export + claim pairs per round. */
  exports: 400,
  /** Unmeasured requests before the first round (JIT). */
  warmup: 3000,
  /** Longest wait for other processes to go quiet before a round. */
  quietWaitMs: 2000,
}

export type RequestCase = {
  name: string
  /** Best round: CPU microseconds of this process per request (or per export + claim pair). */
  micros: number
  /** Wall microseconds per request in the same round. */
  wallMicros: number
  /** Every round's CPU microseconds per request. */
  rounds: number[]
}

export type RequestBench = {
  config: typeof requestConfig
  fakeGet: RequestCase
  bareGet: RequestCase
  fakeHealth: RequestCase
  bareHealth: RequestCase
  exportClaim: RequestCase
  ratios: { getToBare: number; healthToBare: number }
  targets: { getToBare: number; healthToBare: number; exportClaimMs: number }
  verdicts: { getToBare: boolean; healthToBare: boolean; exportClaimMs: boolean }
}

type Call = () => Promise<void>

async function must(response: Response | Promise<Response>, status: number): Promise<string> {
  const res = await response
  const text = await res.text()
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`)
  return text
}

const jsonPost = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
})

async function setUp(fake: FakePleo) {
  const company = JSON.parse(
    await must(fake.app.request('/_sim/companies', jsonPost({ name: 'bench' })), 201),
  ) as { data: { company: { id: string }; apiKey: string } }
  const companyId = company.data.company.id
  const authorization = basicAuth(company.data.apiKey)
  const created = JSON.parse(
    await must(
      fake.app.request('/_sim/export-jobs', jsonPost({ companyId, numberOfItems: 1 })),
      201,
    ),
  ) as { data: { id: string } }
  const jobId = created.data.id
  const jobPath = `/v3/export-jobs/${jobId}`
  const jobBody = await must(fake.app.request(jobPath, { headers: { authorization } }), 200)
  const healthBody = await must(fake.app.request('/_sim/health'), 200)
  return { companyId, authorization, jobPath, jobBody, healthBody }
}

/** A bare Hono app: the same two GET routes, answering the fake's own bodies re-serialised. */
export function bareApp(jobBody: string, healthBody: string) {
  const job = JSON.parse(jobBody) as unknown
  const health = JSON.parse(healthBody) as unknown
  const app = new Hono()
  app.get('/v3/export-jobs/:jobId', (c) => c.json(job))
  app.get('/_sim/health', (c) => c.json(health))
  return app
}

export async function timed(count: number, call: Call): Promise<{ wall: number; cpu: number }> {
  const cpuBefore = process.cpuUsage()
  const before = performance.now()
  for (let i = 0; i < count; i++) await call()
  const wall = ((performance.now() - before) * 1000) / count
  const cpuUsed = process.cpuUsage(cpuBefore)
  return { wall, cpu: (cpuUsed.user + cpuUsed.system) / count }
}

export async function runRequestBench(step: (message: string) => void): Promise<RequestBench> {
  const fake = createFakePleo()
  try {
    const { companyId, authorization, jobPath, jobBody, healthBody } = await setUp(fake)
    const bare = bareApp(jobBody, healthBody)
    const headers = { authorization }
    const read = async (response: Response | Promise<Response>) => {
      const res = await response
      await res.text()
      if (res.status >= 300) throw new Error(`unexpected ${res.status}`)
    }
    const exportClaim: Call = async () => {
      const made = await fake.app.request(
        '/_sim/export-jobs',
        jsonPost({ companyId, numberOfItems: 5 }),
      )
      const { data } = (await made.json()) as { data: { id: string } }
      const claimed = await fake.app.request(
        '/v3/export-job-events',
        jsonPost({ jobId: data.id, event: 'started' }, headers),
      )
      await claimed.text()
      if (claimed.status !== 202) throw new Error(`claim answered ${claimed.status}`)
    }
    const cases: { name: string; count: number; call: Call }[] = [
      {
        name: 'bare Hono GET /v3/export-jobs/:jobId',
        count: requestConfig.gets,
        call: () => read(bare.request(jobPath, { headers })),
      },
      {
        name: 'fake GET /v3/export-jobs/{id}',
        count: requestConfig.gets,
        call: () => read(fake.app.request(jobPath, { headers })),
      },
      {
        name: 'bare Hono GET /_sim/health',
        count: requestConfig.gets,
        call: () => read(bare.request('/_sim/health')),
      },
      {
        name: 'fake GET /_sim/health',
        count: requestConfig.gets,
        call: () => read(fake.app.request('/_sim/health')),
      },
      { name: 'fake Export (5 items) + claim', count: requestConfig.exports, call: exportClaim },
    ]
    step(`in-process: warming up (${requestConfig.warmup} requests per case)`)
    for (const c of cases) await timed(Math.min(c.count, requestConfig.warmup), c.call)
    const rounds = cases.map(() => [] as { wall: number; cpu: number }[])
    for (let round = 1; round <= requestConfig.rounds; round++) {
      for (const [i, c] of cases.entries()) {
        const gate = await waitForQuiet(requestConfig.quietWaitMs)
        const busy = gate.quiet ? '' : ` (machine busy: ${gate.otherCpuPercent.toFixed(0)}% CPU)`
        step(`in-process round ${round}/${requestConfig.rounds}: ${c.name}${busy}`)
        rounds[i]!.push(await timed(c.count, c.call))
      }
    }
    const [bareGet, fakeGet, bareHealth, fakeHealth, pairs] = cases.map((c, i) => {
      const all = rounds[i]!
      const best = all.reduce((a, b) => (b.cpu < a.cpu ? b : a))
      return {
        name: c.name,
        micros: best.cpu,
        wallMicros: best.wall,
        rounds: all.map((r) => r.cpu),
      }
    }) as [RequestCase, RequestCase, RequestCase, RequestCase, RequestCase]
    const ratios = {
      getToBare: fakeGet.micros / bareGet.micros,
      healthToBare: fakeHealth.micros / bareHealth.micros,
    }
    const targets = { getToBare: 1.5, healthToBare: 1.2, exportClaimMs: 0.4 }
    return {
      config: requestConfig,
      fakeGet,
      bareGet,
      fakeHealth,
      bareHealth,
      exportClaim: pairs,
      ratios,
      targets,
      verdicts: {
        getToBare: ratios.getToBare <= targets.getToBare,
        healthToBare: ratios.healthToBare <= targets.healthToBare,
        exportClaimMs: pairs.micros / 1000 <= targets.exportClaimMs,
      },
    }
  } finally {
    fake.close()
  }
}

export function renderRequestBench(bench: RequestBench): string {
  const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a')
  const verdict = (ok: boolean) => (ok ? 'MET' : 'MISSED')
  const rows = [bench.bareGet, bench.fakeGet, bench.bareHealth, bench.fakeHealth, bench.exportClaim]
  const lines = [
    'in-process (app.request, one in flight)    cpu us  wall us   rounds (cpu us)',
    ...rows.map(
      (r) =>
        `${r.name.padEnd(42)}${fixed(r.micros).padStart(8)}${fixed(r.wallMicros).padStart(9)}   ${r.rounds.map((x) => fixed(x, 0)).join(' · ')}`,
    ),
    '',
    `GET job, fake ÷ bare Hono:     ${fixed(bench.ratios.getToBare, 2)}×  (target ≤ ${bench.targets.getToBare}×) ${verdict(bench.verdicts.getToBare)}`,
    `GET health, fake ÷ bare Hono:  ${fixed(bench.ratios.healthToBare, 2)}×  (target ≤ ${bench.targets.healthToBare}×) ${verdict(bench.verdicts.healthToBare)}`,
    `Export (5 items) + claim:      ${fixed(bench.exportClaim.micros / 1000, 3)} ms  (target ≤ ${bench.targets.exportClaimMs} ms) ${verdict(bench.verdicts.exportClaimMs)}`,
  ]
  return `${lines.join('\n')}\n`
}
