// `pnpm bench --request`, in-process half: what one request costs a test suite that calls the
// fake's app directly (`createFakePleo().app.request`, no socket), against a bare Hono app with
// the same route shape answering the same bodies. Cases: GET /v3/export-jobs/{id} (auth, the
// job's row, the journal, expiry), GET /_sim/health, and pressing Export for a five-item job
// followed by its claim (POST /_sim/export-jobs + POST /v3/export-job-events `started`). Each
// case runs sequentially (one request in flight, body read), in rounds after a bounded wait for
// the machine to go quiet. In a round a fake case and its bare baseline take turns in short blocks
// (bare, fake, fake, bare, …), so both meet the same machine: its speed moved by half between
// rounds a few seconds apart, and ratios of separately measured rounds moved with it. A round's
// ratio is its fake CPU over its bare CPU; the median round's ratio counts, and each case's figure
// is its median round. Ratios are of CPU microseconds (this process's user + system time per
// request): in process, with one request in flight, wall time is that CPU plus whatever other work
// on a shared machine took the core, so CPU is the steadier figure; wall time is reported beside
// it.
import { createFakePleo, type FakePleo } from '@fake-pleo/server'
import { Hono } from 'hono'
import { performance } from 'node:perf_hooks'
import { basicAuth } from './api-client.ts'
import { waitForQuiet } from './quiet-gate.ts'

export const requestConfig = {
  /** Rounds of every case; the median counts. */
  rounds: 9,
  /** Requests per round for the GET cases (each side of a pair). */
  gets: 4000,
  /** Requests per block when a fake case and its baseline take turns. */
  block: 250,
  /** Export + claim pairs per round. */
  exports: 400,
  /** Unmeasured requests before the first round (JIT). */
  warmup: 3000,
  /** Longest wait for other processes to go quiet before a round. */
  quietWaitMs: 2000,
}

export type RequestCase = {
  name: string
  /** Median round: CPU microseconds of this process per request (or per export + claim pair). */
  micros: number
  /** Median round's wall microseconds per request. */
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
  /** Median of the rounds' ratios (fake CPU ÷ bare CPU, measured in turns). */
  ratios: { getToBare: number; healthToBare: number }
  /** Every round's ratio. */
  ratioRounds: { getToBare: number[]; healthToBare: number[] }
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

type Timing = { wall: number; cpu: number }
type PairRound = { bare: Timing; fake: Timing }

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? sorted[middle]!
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

/** A case's figure: its median round (by CPU), and every round's CPU. */
function summary(name: string, rounds: readonly Timing[]): RequestCase {
  const byCpu = [...rounds].sort((a, b) => a.cpu - b.cpu)
  const middle = byCpu[Math.floor((byCpu.length - 1) / 2)]!
  return { name, micros: middle.cpu, wallMicros: middle.wall, rounds: rounds.map((r) => r.cpu) }
}

/** Both sides' figures of a case measured in turns. */
const sides = (rounds: readonly PairRound[], bare: string, fake: string) =>
  [
    summary(
      bare,
      rounds.map((r) => r.bare),
    ),
    summary(
      fake,
      rounds.map((r) => r.fake),
    ),
  ] as const

/**
 * `count` requests of each call, taking turns in blocks of `block` (bare, fake, fake, bare, …,
 * so neither always goes first): per-request CPU and wall time of each, summed over its blocks.
 */
export async function inTurns(bare: Call, fake: Call, count: number, block: number) {
  const sums = { bare: { wall: 0, cpu: 0 }, fake: { wall: 0, cpu: 0 } }
  const blocks = Math.max(1, Math.round(count / block))
  for (let i = 0; i < blocks; i++) {
    const order = i % 2 === 0 ? (['bare', 'fake'] as const) : (['fake', 'bare'] as const)
    for (const side of order) {
      const t = await timed(block, side === 'bare' ? bare : fake)
      sums[side].wall += t.wall / blocks
      sums[side].cpu += t.cpu / blocks
    }
  }
  return sums
}

export async function timed(count: number, call: Call): Promise<Timing> {
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
    const bareGetCall: Call = () => read(bare.request(jobPath, { headers }))
    const fakeGetCall: Call = () => read(fake.app.request(jobPath, { headers }))
    const bareHealthCall: Call = () => read(bare.request('/_sim/health'))
    const fakeHealthCall: Call = () => read(fake.app.request('/_sim/health'))
    step(`in-process: warming up (${requestConfig.warmup} requests per case)`)
    for (const call of [bareGetCall, fakeGetCall, bareHealthCall, fakeHealthCall])
      await timed(requestConfig.warmup, call)
    await timed(Math.min(requestConfig.exports, requestConfig.warmup), exportClaim)
    const get: PairRound[] = []
    const health: PairRound[] = []
    const exports: Timing[] = []
    for (let round = 1; round <= requestConfig.rounds; round++) {
      const gate = await waitForQuiet(requestConfig.quietWaitMs)
      const busy = gate.quiet ? '' : ` (machine busy: ${gate.otherCpuPercent.toFixed(0)}% CPU)`
      step(
        `in-process round ${round}/${requestConfig.rounds}: GET job, GET health, Export + claim${busy}`,
      )
      get.push(await inTurns(bareGetCall, fakeGetCall, requestConfig.gets, requestConfig.block))
      health.push(
        await inTurns(bareHealthCall, fakeHealthCall, requestConfig.gets, requestConfig.block),
      )
      exports.push(await timed(requestConfig.exports, exportClaim))
    }
    const [bareGet, fakeGet] = sides(
      get,
      'bare Hono GET /v3/export-jobs/:jobId',
      'fake GET /v3/export-jobs/{id}',
    )
    const [bareHealth, fakeHealth] = sides(
      health,
      'bare Hono GET /_sim/health',
      'fake GET /_sim/health',
    )
    const pairs = summary('fake Export (5 items) + claim', exports)
    const ratioRounds = {
      getToBare: get.map((r) => r.fake.cpu / r.bare.cpu),
      healthToBare: health.map((r) => r.fake.cpu / r.bare.cpu),
    }
    const ratios = {
      getToBare: median(ratioRounds.getToBare),
      healthToBare: median(ratioRounds.healthToBare),
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
      ratioRounds,
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
  const ratioRounds = (values: number[]) => values.map((x) => fixed(x, 2)).join(' · ')
  const lines = [
    'in-process (app.request, one in flight)    cpu us  wall us   rounds (cpu us; median counts)',
    ...rows.map(
      (r) =>
        `${r.name.padEnd(42)}${fixed(r.micros).padStart(8)}${fixed(r.wallMicros).padStart(9)}   ${r.rounds.map((x) => fixed(x, 0)).join(' · ')}`,
    ),
    '',
    `GET job, fake ÷ bare Hono:     ${fixed(bench.ratios.getToBare, 3)}×  (target ≤ ${bench.targets.getToBare}×) ${verdict(bench.verdicts.getToBare)}   rounds, in turns: ${ratioRounds(bench.ratioRounds.getToBare)}`,
    `GET health, fake ÷ bare Hono:  ${fixed(bench.ratios.healthToBare, 3)}×  (target ≤ ${bench.targets.healthToBare}×) ${verdict(bench.verdicts.healthToBare)}   rounds, in turns: ${ratioRounds(bench.ratioRounds.healthToBare)}`,
    `Export (5 items) + claim:      ${fixed(bench.exportClaim.micros / 1000, 3)} ms  (target ≤ ${bench.targets.exportClaimMs} ms) ${verdict(bench.verdicts.exportClaimMs)}`,
  ]
  return `${lines.join('\n')}\n`
}
