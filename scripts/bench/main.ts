// `pnpm bench`: the fake and a bare Hono baseline each run as a child process and are loaded by
// autocannon from this process with the same shape: the baseline's small JSON, the baseline
// sending the fake's own 50-job page (the floor for that payload), the fake's list and get. The
// phases run in interleaved rounds, each after a bounded wait for the machine to go quiet, and
// the best round of each counts, so a burst of other work on a shared machine does not decide the
// result. Then a claim storm, a control storm on --unsafe-claims to show the storm does catch
// double claims, webhook throughput and latency (a fake and a receiver, each a child process),
// cold starts and idle memory. Prints tables, writes bench-results/latest.json, and exits 1 only
// when the claim storm did not produce exactly one winner per job or a webhook was lost, sent
// twice or not answered 200.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import {
  basicAuth,
  createPendingJobs,
  createTenant,
  listJobsByStatus,
  loopbackUrl,
} from './api-client.ts'
import { spawnBaseline, spawnFake } from './child-server.ts'
import { runClaimStorm } from './claim-storm.ts'
import { cliMode } from './cli-mode.ts'
import { coldStarts } from './cold-start.ts'
import { config, repoRoot, resultsFile, targets } from './config.ts'
import { runLoad, type LoadResult } from './load-phase.ts'
import { rssMb } from './proc-stats.ts'
import { waitForQuiet } from './quiet-gate.ts'
import { render, renderLoad, writeJson, type BenchResults } from './report.ts'
import { runWebhookThroughput } from './webhook-throughput.ts'
import {
  renderRaceBench,
  renderRaceQuick,
  renderZombieBench,
  runRaceBench,
  runRaceQuick,
  runZombieBench,
} from './race.ts'
import { conformMet, renderConformBench, runConformBench } from './conform.ts'
import { renderSoak, runSoak } from './soak.ts'
import { renderRequestBench, runRequestBench } from './request.ts'
import { renderSqlTimes, runSqlTimes } from './sql-times.ts'

const step = (message: string) => process.stderr.write(`bench: ${message}\n`)
process.once('SIGINT', () => process.exit(130))

const best = (rounds: LoadResult[]) =>
  rounds.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a))

async function loadPhases(options: { storm: boolean } = { storm: true }) {
  const binMode = cliMode()
  step(`starting the fake (child process; the binary runs its ${binMode})`)
  const fake = await spawnFake()
  const dir = mkdtempSync(join(tmpdir(), 'fake-pleo-bench-body-'))
  let baseline: Awaited<ReturnType<typeof spawnBaseline>> | undefined
  try {
    const tenant = await createTenant(fake.url)
    await createPendingJobs(tenant, config.listJobs)
    const pending = await listJobsByStatus(tenant, 'pending')
    if (pending.length !== config.listJobs) throw new Error(`expected ${config.listJobs} pending`)
    const headers = { authorization: basicAuth(tenant.apiKey) }
    const listPath = `/v3/export-jobs?company_id=${tenant.companyId}&statuses=pending`
    const page = await fetch(loopbackUrl(fake.url, listPath), { headers })
    if (!page.ok) throw new Error(`GET ${listPath}: ${page.status}`)
    const bodyFile = join(dir, 'list.json')
    writeFileSync(bodyFile, await page.text())
    step('starting the bare baseline (child process), serving the same page at GET /list')
    baseline = await spawnBaseline({ BENCH_LIST_BODY: bodyFile })
    const phases = [
      { name: 'baseline GET /', base: baseline.url, path: '/', pid: baseline.pid },
      {
        name: 'baseline GET /list (same page, no work)',
        base: baseline.url,
        path: '/list',
        pid: baseline.pid,
      },
      {
        name: `list (${config.listJobs} pending)`,
        base: fake.url,
        path: listPath,
        headers,
        pid: fake.pid,
      },
      {
        name: 'get by id',
        base: fake.url,
        path: `/v3/export-jobs/${pending[0]!.id}`,
        headers,
        pid: fake.pid,
      },
    ]
    const rounds: LoadResult[][] = phases.map(() => [])
    for (let round = 1; round <= config.loadRounds; round++) {
      for (const [i, phase] of phases.entries()) {
        const gate = await waitForQuiet(config.quietWaitMs)
        const busy = gate.quiet
          ? ''
          : ` (machine busy: ${gate.otherCpuPercent.toFixed(0)}% CPU elsewhere)`
        step(`load round ${round}/${config.loadRounds}: ${phase.name}${busy}`)
        rounds[i]!.push(await runLoad(phase))
      }
    }
    const [base, baseList, list, get] = rounds.map(best) as [
      LoadResult,
      LoadResult,
      LoadResult,
      LoadResult,
    ]

    if (!options.storm) {
      const paced = await equalRatePhases(phases[0]!, phases[3]!, get.requestsPerSecond)
      return {
        binMode,
        load: { baseline: base, baselineList: baseList, list, get },
        loadRounds: rounds,
        paced,
      }
    }
    step(`claim storm: ${config.stormJobs} jobs x ${config.clientsPerJob} clients`)
    const storm = await runClaimStorm(fake.url, fake.pid)
    return {
      binMode,
      load: { baseline: base, baselineList: baseList, list, get },
      loadRounds: rounds,
      storm,
      fakeRssAfterLoadMb: rssMb(fake.pid),
    }
  } finally {
    await Promise.all([baseline?.stop(), fake.stop()])
    rmSync(dir, { recursive: true, force: true })
  }
}

type Phase = Parameters<typeof runLoad>[0]

/**
 * The bare server's GET / and the fake's GET job again, both held to the same request rate (three
 * quarters of what the fake managed flat out), interleaved, the round with the least server CPU
 * per request counting for each. Flat out, the bare server answers several times as many
 * requests, and a server's CPU per request falls as its rate rises (more requests share each turn
 * of the event loop and each socket read), so the flat-out ratio also measures that difference.
 */
async function equalRatePhases(baseline: Phase, get: Phase, fakeRate: number) {
  const rate = Math.max(100, Math.round(fakeRate * 0.75))
  const rounds: [LoadResult[], LoadResult[]] = [[], []]
  for (let round = 1; round <= config.loadRounds; round++) {
    for (const [i, phase] of [baseline, get].entries()) {
      await waitForQuiet(config.quietWaitMs)
      step(`equal-rate round ${round}/${config.loadRounds}: ${phase.name} at ${rate} req/s`)
      rounds[i]!.push(await runLoad({ ...phase, name: `${phase.name} at ${rate} req/s`, rate }))
    }
  }
  const leastCpu = (results: LoadResult[]) =>
    results.reduce((a, b) => (b.serverMicrosPerRequest < a.serverMicrosPerRequest ? b : a))
  const [base, fake] = rounds.map(leastCpu) as [LoadResult, LoadResult]
  return {
    rate,
    baseline: base,
    get: fake,
    ratio: fake.serverMicrosPerRequest / base.serverMicrosPerRequest,
  }
}

async function unsafeControl() {
  step('claim storm again on a fake started with --unsafe-claims (control)')
  const fake = await spawnFake(['--unsafe-claims'])
  try {
    return await runClaimStorm(fake.url, fake.pid)
  } finally {
    await fake.stop()
  }
}

/** The commit measured, and whether tracked files differed from it when the bench started. */
function sourceState() {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' })
  try {
    const commit = git('rev-parse', '--short', 'HEAD').trim()
    const dirty = git('status', '--porcelain', '--untracked-files=no').trim() !== ''
    return { commit, dirty }
  } catch {
    return { commit: 'unknown', dirty: true }
  }
}

const loadText = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')

/** Says what is measured (the commit, and whether it was changed) and on how many CPUs; with
 * `load`, the load average before too. Returns the source state for the results file. */
function announceSource(options: { load?: boolean } = {}) {
  const source = sourceState()
  step(
    `commit ${source.commit}${source.dirty ? ' (with uncommitted changes)' : ''}, ${cpus().length} CPUs`,
  )
  if (options.load) step(`load average before: ${loadText()}`)
  return source
}

async function main(): Promise<number> {
  const source = sourceState()
  const loadAverageBefore = loadavg()
  const phases = await loadPhases()
  const { binMode, load, loadRounds } = phases
  const { storm, fakeRssAfterLoadMb } = phases as Required<typeof phases>
  const unsafeStorm = await unsafeControl()
  step(
    `webhooks: ${config.webhookJobs} jobs (${config.webhookConcurrency} POSTs in flight), each delivered to a receiver`,
  )
  const webhooks = await runWebhookThroughput()
  step(`cold starts: bundle, sources and baseline, ${config.coldStarts} rounds`)
  const starts = await coldStarts()
  const race = await runRaceBench(step)
  const request = await runRequestBench(step)
  const bundled = starts.kinds.bin ?? starts.kinds.bundle
  const sources = starts.kinds.sources!

  const ratios = {
    listToBaseline: load.list.requestsPerSecond / load.baseline.requestsPerSecond,
    getToBaseline: load.get.requestsPerSecond / load.baseline.requestsPerSecond,
    listToBaselineList: load.list.requestsPerSecond / load.baselineList.requestsPerSecond,
    getCpuToBaselineCpu: load.get.serverMicrosPerRequest / load.baseline.serverMicrosPerRequest,
  }
  const claimsExact =
    storm.winners === storm.jobs &&
    storm.jobsWonTwice === 0 &&
    storm.jobsNeverWon === 0 &&
    storm.listedInProgress === storm.jobs &&
    storm.listedPending === 0
  const webhooksExact =
    webhooks.received === webhooks.jobs &&
    webhooks.missing === 0 &&
    webhooks.duplicated === 0 &&
    webhooks.attempts === webhooks.jobs &&
    webhooks.failedAttempts === 0
  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadAverageBefore,
      loadAverageAfter: loadavg(),
    },
    source,
    config,
    loadBinMode: binMode,
    load,
    loadRounds,
    ratios,
    storm,
    unsafeStorm,
    webhooks,
    coldStart: starts,
    race,
    request,
    memory: {
      fakeBundleIdleRssMb: bundled?.medianIdleRssMb,
      fakeSourcesIdleRssMb: sources.medianIdleRssMb,
      baselineIdleRssMb: starts.kinds.baseline!.medianIdleRssMb,
      fakeRssAfterLoadMb,
    },
    verdicts: {
      listRatio: ratios.listToBaseline >= targets.listToBaseline,
      claimsExact,
      webhooksExact,
      webhookRate: webhooks.deliveriesPerSecond >= targets.webhookDeliveriesPerSecond,
      webhookP99: webhooks.queuedP99Ms < targets.webhookP99Ms,
      coldStartBundle: bundled !== undefined && bundled.medianReadyMs < targets.coldStartMs,
      coldStartSources: sources.medianReadyMs < targets.coldStartMs,
      idleRssBundle: bundled !== undefined && bundled.medianIdleRssMb < targets.idleRssMb,
      idleRssSources: sources.medianIdleRssMb < targets.idleRssMb,
    },
  }
  process.stdout.write(render(results))
  writeJson(results)
  for (const r of Object.values(load)) {
    if (r.non2xx + r.errors > 0) {
      step(`WARNING: ${r.name} had ${r.non2xx} non-2xx and ${r.errors} errors: figures suspect`)
    }
    if (r.otherCpuPercent > 15) {
      step(`WARNING: other processes used ${r.otherCpuPercent.toFixed(0)}% CPU during ${r.name}`)
    }
  }
  if (Object.keys(storm.unexpected).length > 0) {
    step(`WARNING: unexpected storm outcomes ${JSON.stringify(storm.unexpected)}`)
  }
  if (webhooks.otherCpuPercent > 15) {
    step(
      `WARNING: other processes used ${webhooks.otherCpuPercent.toFixed(0)}% CPU during webhooks`,
    )
  }
  step(`results written to ${resultsFile}`)
  let failed = false
  if (!claimsExact) {
    step(`FAIL: ${storm.winners} winners for ${storm.jobs} jobs (must be exactly one per job)`)
    failed = true
  }
  if (!webhooksExact) {
    step(
      `FAIL: webhooks: ${webhooks.received} received for ${webhooks.jobs} jobs, ${webhooks.missing} missing, ${webhooks.duplicated} twice, ${webhooks.failedAttempts} attempts not 200`,
    )
    failed = true
  }
  if (!race.verdicts.racesClean || !race.verdicts.controlCaught) {
    step('FAIL: races: a safe race had a violation or did not drain, or the unsafe control passed')
    failed = true
  }
  return failed ? 1 : 0
}

/** `pnpm bench --request`: what one request costs, in process (`app.request` of the fake against
 * a bare Hono app with the same routes) and over HTTP (the load phases without the storm: the
 * server's CPU per request against the bare server's). A minute or two. */
async function requestOnly(): Promise<number> {
  const source = sourceState()
  const loadAverageBefore = loadavg()
  step(
    `commit ${source.commit}${source.dirty ? ' (with uncommitted changes)' : ''}, ${cpus().length} CPUs, load ${loadAverageBefore.map((l) => l.toFixed(2)).join(' ')}`,
  )
  const request = await runRequestBench(step)
  const { binMode, load, loadRounds, paced } = await loadPhases({ storm: false })
  if (!paced) throw new Error('the equal-rate phases did not run')
  const http = {
    getCpuToBaselineCpu: load.get.serverMicrosPerRequest / load.baseline.serverMicrosPerRequest,
    getCpuToBaselineCpuAtEqualRate: paced.ratio,
    listToBaselineList: load.list.requestsPerSecond / load.baselineList.requestsPerSecond,
  }
  const httpTargets = { getCpuToBaselineCpu: 2.5, listToBaselineList: 0.9 }
  const httpVerdicts = {
    getCpuToBaselineCpu: http.getCpuToBaselineCpu <= httpTargets.getCpuToBaselineCpu,
    getCpuToBaselineCpuAtEqualRate:
      http.getCpuToBaselineCpuAtEqualRate <= httpTargets.getCpuToBaselineCpu,
    listToBaselineList: http.listToBaselineList >= httpTargets.listToBaselineList,
  }
  const pacedLine = (r: LoadResult) =>
    `  ${r.name}: ${r.requestsPerSecond.toFixed(0)} req/s, server ${r.serverCpuPercent.toFixed(0)}% CPU, ${r.serverMicrosPerRequest.toFixed(0)} µs/req`
  process.stdout.write(
    `${renderRequestBench(request)}\n${renderLoad(load)}\n\nAt equal rates:\n${pacedLine(paced.baseline)}\n${pacedLine(paced.get)}\n\n`,
  )
  process.stdout.write(
    [
      `over HTTP (${binMode}): server CPU per request, GET job ÷ bare GET /, each flat out: ${http.getCpuToBaselineCpu.toFixed(2)}× (target ≤ ${httpTargets.getCpuToBaselineCpu}×) ${httpVerdicts.getCpuToBaselineCpu ? 'MET' : 'MISSED'}`,
      `over HTTP (${binMode}): the same, both at ${paced.rate} req/s: ${http.getCpuToBaselineCpuAtEqualRate.toFixed(2)}× (target ≤ ${httpTargets.getCpuToBaselineCpu}×) ${httpVerdicts.getCpuToBaselineCpuAtEqualRate ? 'MET' : 'MISSED'}`,
      `over HTTP (${binMode}): list req/s ÷ bare server sending the same page: ${http.listToBaselineList.toFixed(2)} (target ≥ ${httpTargets.listToBaselineList}) ${httpVerdicts.listToBaselineList ? 'MET' : 'MISSED'}`,
      '',
    ].join('\n'),
  )
  const file = join(dirname(resultsFile), 'request.json')
  mkdirSync(dirname(file), { recursive: true })
  const results = {
    date: new Date().toISOString(),
    source,
    machine: {
      cpus: cpus().length,
      node: process.version,
      loadAverageBefore,
      loadAverageAfter: loadavg(),
    },
    request,
    http: {
      binMode,
      load,
      loadRounds,
      paced,
      ratios: http,
      targets: httpTargets,
      verdicts: httpVerdicts,
    },
  }
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`)
  step(`results written to ${file}`)
  return 0
}

/** `pnpm bench --race`: only the race benchmarks (a couple of minutes). */
async function raceOnly(): Promise<number> {
  const race = await runRaceBench(step)
  process.stdout.write(renderRaceBench(race))
  return race.verdicts.racesClean && race.verdicts.controlCaught ? 0 : 1
}

/** The number after `--name` on the command line, if any. */
function numberFlag(name: string): number | undefined {
  const at = process.argv.indexOf(name)
  const value = at >= 0 ? Number(process.argv[at + 1]) : Number.NaN
  return Number.isFinite(value) && value > 0 ? value : undefined
}

/**
 * `pnpm bench --race-quick [--jobs N] [--seconds S]`: only the in-process race's claims/s and the
 * scheduled property's interleavings/s (about a minute), for measuring the race engine step by step,
 * each also counted in bare in-process requests measured in the same run (machine-unit.ts).
 */
async function raceQuick(): Promise<number> {
  announceSource({ load: true })
  const jobs = numberFlag('--jobs')
  const seconds = numberFlag('--seconds')
  const quick = await runRaceQuick(step, {
    ...(jobs !== undefined ? { jobs } : {}),
    ...(seconds !== undefined ? { seconds } : {}),
  })
  process.stdout.write(`${renderRaceQuick(quick)}\n`)
  step(`load average after: ${loadText()}`)
  const run = quick.inProcess
  return run.violations === 0 && run.open === 0 && run.end === 'done' ? 0 : 1
}

/** `pnpm bench --sql [--jobs N]`: the time of each SQL statement during an in-process race. */
async function sqlOnly(): Promise<number> {
  announceSource({ load: true })
  const times = await runSqlTimes(numberFlag('--jobs'))
  process.stdout.write(renderSqlTimes(times))
  return 0
}

/** `pnpm bench --conform`: only the conformance plan (at 1 and the default, CONFORM_RUNS times). */
async function conformOnly(): Promise<number> {
  const { commit, dirty } = announceSource()
  const conform = await runConformBench(step)
  process.stdout.write(renderConformBench(conform))
  const file = join(dirname(resultsFile), 'conform.json')
  mkdirSync(dirname(file), { recursive: true })
  const results = { date: new Date().toISOString(), source: { commit, dirty }, conform }
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`)
  step(`results written to ${file}`)
  return conformMet(conform) ? 0 : 1
}

/** `pnpm bench --soak`: only the memory soak (stalled streams, long queries, sort shapes). */
async function soakOnly(): Promise<number> {
  const { commit, dirty } = announceSource()
  const soak = await runSoak(step)
  process.stdout.write(renderSoak(soak))
  const file = join(dirname(resultsFile), 'soak.json')
  mkdirSync(dirname(file), { recursive: true })
  const results = { date: new Date().toISOString(), source: { commit, dirty }, soak }
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`)
  step(`results written to ${file}`)
  return Object.values(soak.verdicts).every(Boolean) ? 0 : 1
}

/** `pnpm bench --zombies`: only the zombie moves' cost (the in-process race with and without). */
async function zombiesOnly(): Promise<number> {
  announceSource()
  const zombies = await runZombieBench(step)
  process.stdout.write(`${renderZombieBench(zombies)}\n`)
  const clean = [zombies.without, zombies.with].every(
    (run) => run.violations === 0 && run.open === 0 && run.end === 'done',
  )
  return clean ? 0 : 1
}

/** The modes, by their flag; without one, the whole bench. */
const modes: Record<string, () => Promise<number>> = {
  '--race-quick': raceQuick,
  '--sql': sqlOnly,
  '--zombies': zombiesOnly,
  '--request': requestOnly,
  '--race': raceOnly,
  '--conform': conformOnly,
  '--soak': soakOnly,
}
const flag = Object.keys(modes).find((name) => process.argv.includes(name))
process.exitCode = await (flag === undefined ? main : modes[flag]!)()
