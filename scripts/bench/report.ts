// The bench's output: plain-text tables of every figure with its target and verdict, and the
// same results as JSON in bench-results/latest.json (gitignored) for comparing runs.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { StormResult } from './claim-storm.ts'
import type { CliMode } from './cli-mode.ts'
import type { ColdStartResult, ColdStarts, StartKind } from './cold-start.ts'
import { config, resultsFile, targets } from './config.ts'
import type { LoadResult } from './load-phase.ts'
import type { WebhookResult } from './webhook-throughput.ts'
import { renderRaceBench, type RaceBench } from './race.ts'
import { renderRequestBench, type RequestBench } from './request.ts'

export type BenchResults = {
  date: string
  machine: {
    cpus: number
    cpuModel: string
    node: string
    platform: string
    loadAverageBefore: number[]
    loadAverageAfter: number[]
  }
  source: { commit: string; dirty: boolean }
  config: typeof config
  /** How the binary ran the fake that was loaded. */
  loadBinMode: CliMode
  /** The best round of each phase. */
  load: { baseline: LoadResult; baselineList: LoadResult; list: LoadResult; get: LoadResult }
  /** Every round of every phase, in the order of `load`. */
  loadRounds: LoadResult[][]
  ratios: {
    listToBaseline: number
    getToBaseline: number
    listToBaselineList: number
    getCpuToBaselineCpu: number
  }
  storm: StormResult
  unsafeStorm: StormResult
  webhooks: WebhookResult
  coldStart: ColdStarts
  race: RaceBench
  request: RequestBench
  memory: {
    /** Idle RSS of the bundled start (bin when fresh, else the bundle started directly). */
    fakeBundleIdleRssMb: number | undefined
    fakeSourcesIdleRssMb: number
    baselineIdleRssMb: number
    fakeRssAfterLoadMb: number
  }
  verdicts: Record<string, boolean>
}

const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a')
const verdict = (ok: boolean | undefined) => (ok ? 'MET' : 'MISSED')

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  const line = (r: string[]) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n')
}

export function renderLoad(load: BenchResults['load']): string {
  return loadTable(load)
}

function loadTable(load: BenchResults['load']): string {
  const row = (r: LoadResult) => [
    r.name,
    fixed(r.requestsPerSecond),
    fixed(r.latencyP50Ms, 1),
    fixed(r.latencyP99Ms, 1),
    fixed(r.bytesPerResponse),
    fixed(r.serverCpuPercent),
    fixed(r.serverMicrosPerRequest),
    fixed(r.clientCpuPercent),
    fixed(r.otherCpuPercent),
    String(r.non2xx + r.errors),
  ]
  return table([
    [
      'load phase',
      'req/s',
      'p50 ms',
      'p99 ms',
      'bytes/resp',
      'server cpu%',
      'server us/req',
      'client cpu%',
      'other cpu%',
      'non-2xx+err',
    ],
    row(load.baseline),
    row(load.baselineList),
    row(load.list),
    row(load.get),
  ])
}

function stormTable(storm: StormResult, unsafe: StormResult): string {
  const row = (name: string, s: StormResult) => [
    name,
    String(s.attempts),
    fixed(s.attemptsPerSecond),
    fixed(s.winsPerSecond),
    String(s.winners),
    String(s.conflicts),
    String(s.jobsWonTwice),
    String(s.listedInProgress),
    fixed(s.latencyP50Ms, 1),
    fixed(s.latencyP99Ms, 1),
    fixed(s.serverCpuPercent),
    fixed(s.serverMicrosPerAttempt),
    fixed(s.clientCpuPercent),
  ]
  return table([
    [
      'claim storm',
      'attempts',
      'attempts/s',
      'wins/s',
      '202',
      '422',
      'won twice',
      'listed in_progress',
      'p50 ms',
      'p99 ms',
      'server cpu%',
      'server us/attempt',
      'client cpu%',
    ],
    row('atomic (default)', storm),
    row('--unsafe-claims (control)', unsafe),
  ])
}

function webhookTable(w: WebhookResult): string {
  const pair = (a: number, b: number) => `${fixed(a, 1)} / ${fixed(b, 1)}`
  return table([
    [`webhooks: ${w.jobs} jobs, ${w.concurrency} POSTs in flight`, 'measured'],
    [
      'received / missing / twice / attempts not 200',
      `${w.received} / ${w.missing} / ${w.duplicated} / ${w.failedAttempts}`,
    ],
    ['jobs created per second (POST /_sim/export-jobs)', fixed(w.createsPerSecond)],
    ['POST round trip p50 / p99 ms', pair(w.createP50Ms, w.createP99Ms)],
    ['deliveries per second, first to last receipt', fixed(w.deliveriesPerSecond)],
    ['POST sent -> webhook received p50 / p99 ms', pair(w.latencyP50Ms, w.latencyP99Ms)],
    ['POST sent -> webhook received max ms', fixed(w.latencyMaxMs, 1)],
    ['201 received -> webhook received p50 / p99 ms', pair(w.afterAnswerP50Ms, w.afterAnswerP99Ms)],
    ['queued -> webhook received p50 / p99 ms', pair(w.queuedP50Ms, w.queuedP99Ms)],
    ['fake cpu% / fake us per job', `${fixed(w.fakeCpuPercent)} / ${fixed(w.fakeMicrosPerJob)}`],
    [
      'receiver / client / other cpu%',
      `${fixed(w.receiverCpuPercent)} / ${fixed(w.clientCpuPercent)} / ${fixed(w.otherCpuPercent)}`,
    ],
  ])
}

function summaryTable(results: BenchResults): string {
  const { load, storm, webhooks, coldStart, memory, ratios, verdicts } = results
  const ms = (n: number) => `${fixed(n)} ms`
  const mb = (n: number) => `${fixed(n, 1)} MB`
  const cpuRatio = load.list.serverMicrosPerRequest / load.baseline.serverMicrosPerRequest
  const bundled = coldStart.kinds.bin ?? coldStart.kinds.bundle
  const bundledLabel = coldStart.kinds.bin ? 'bin (bundle)' : 'bundle started directly'
  const sources = coldStart.kinds.sources!
  const baseline = coldStart.kinds.baseline!
  return table([
    ['figure', 'measured', 'target', 'verdict'],
    [
      'list req/s / baseline req/s',
      fixed(ratios.listToBaseline, 3),
      `>= ${targets.listToBaseline}`,
      verdict(verdicts.listRatio),
    ],
    ['get req/s / baseline req/s', fixed(ratios.getToBaseline, 3), '(info)', '-'],
    [
      'list req/s / baseline serving the same page',
      fixed(ratios.listToBaselineList, 3),
      '(info)',
      '-',
    ],
    ['server CPU per request, list / baseline', `${fixed(cpuRatio, 1)}x`, '(info)', '-'],
    [
      'server CPU per request, get / baseline',
      `${fixed(ratios.getCpuToBaselineCpu, 1)}x`,
      '<= 2.5x',
      verdict(ratios.getCpuToBaselineCpu <= 2.5),
    ],
    [
      'claim storm: 202 winners',
      String(storm.winners),
      `= ${storm.jobs}, one per job`,
      verdict(verdicts.claimsExact),
    ],
    [
      'races: safe runs drained, 0 violations',
      `${results.race.inProcess.violations} + ${results.race.http.violations}`,
      '0, every job ended',
      verdict(results.race.verdicts.racesClean),
    ],
    [
      'races: unsafe control caught',
      `${results.race.unsafeControl.violations} violations`,
      '> 0',
      verdict(results.race.verdicts.controlCaught),
    ],
    [
      'live view at 32 workers, 20 jobs/s: claims vs headless',
      `${fixed(results.race.tui.loads.find((l) => l.speed === 1)?.ratio ?? Number.NaN, 2)}`,
      '>= 0.9, <= ~15 frames/s',
      verdict(results.race.verdicts.viewKeepsUp),
    ],
    [
      'conformance plan vs the reference claimer',
      `${fixed(results.race.conform.seconds.median, 1)} s (median of ${results.race.conform.runs.length}), same verdicts: ${results.race.conform.sameVerdicts ? 'yes' : 'no'}`,
      '< 15 s, all pass, same every run',
      verdict(results.race.verdicts.conformUnder15s),
    ],
    [
      'checker: 10^6 operations',
      `${fixed(results.race.checker.at(-1)?.ms ?? Number.NaN)} ms`,
      '< 2000 ms',
      verdict(results.race.verdicts.checkerUnder2s),
    ],
    [
      'webhooks: each job delivered once, 200',
      `${webhooks.received} of ${webhooks.jobs}`,
      `= ${webhooks.jobs}, none twice`,
      verdict(verdicts.webhooksExact),
    ],
    [
      'webhook deliveries/s (first to last receipt)',
      fixed(webhooks.deliveriesPerSecond),
      `>= ${targets.webhookDeliveriesPerSecond}`,
      verdict(verdicts.webhookRate),
    ],
    [
      'webhook p99, queued -> receipt',
      `${fixed(webhooks.queuedP99Ms, 1)} ms`,
      `< ${targets.webhookP99Ms} ms`,
      verdict(verdicts.webhookP99),
    ],
    [
      `cold start, ${bundledLabel}, median`,
      bundled ? ms(bundled.medianReadyMs) : 'no bundle',
      `< ${targets.coldStartMs} ms`,
      verdict(verdicts.coldStartBundle),
    ],
    [
      'cold start, bin from sources (tsx), median',
      ms(sources.medianReadyMs),
      `< ${targets.coldStartMs} ms`,
      verdict(verdicts.coldStartSources),
    ],
    ['cold start, sources, empty tsx cache', ms(coldStart.uncachedSources.readyMs), '(info)', '-'],
    ['cold start, bare baseline, median', ms(baseline.medianReadyMs), '(info)', '-'],
    [
      `idle RSS, ${bundledLabel}, median`,
      bundled ? mb(bundled.medianIdleRssMb) : 'no bundle',
      `< ${targets.idleRssMb} MB`,
      verdict(verdicts.idleRssBundle),
    ],
    [
      'idle RSS, bin from sources (tsx), median',
      mb(sources.medianIdleRssMb),
      `< ${targets.idleRssMb} MB`,
      verdict(verdicts.idleRssSources),
    ],
    ['idle RSS, bare baseline, median', mb(baseline.medianIdleRssMb), '(info)', '-'],
    ['RSS of the loaded fake after all load', mb(memory.fakeRssAfterLoadMb), '(info)', '-'],
  ])
}

const startLabels: Record<StartKind, string> = {
  bin: 'bin (bundle)',
  bundle: 'bundle started directly',
  sources: 'bin from sources (tsx)',
  baseline: 'bare baseline',
}

export function render(results: BenchResults): string {
  const { machine, coldStart } = results
  const runs = (c: ColdStartResult) => c.runs.map((r) => fixed(r.readyMs)).join(', ')
  const avg = (l: number[]) => l.map((n) => n.toFixed(2)).join(' ')
  return [
    `fake-pleo bench, ${results.date}, ${machine.cpus} x ${machine.cpuModel}, node ${machine.node}`,
    `load: ${config.connections} connections, ${config.warmupSeconds} s warm-up + ${config.durationSeconds} s measured per phase, best of ${config.loadRounds} interleaved rounds; fake ran its ${results.loadBinMode}`,
    `source: commit ${results.source.commit}${results.source.dirty ? ' with uncommitted changes' : ''}`,
    `load average before ${avg(machine.loadAverageBefore)}, after ${avg(machine.loadAverageAfter)}`,
    '',
    loadTable(results.load),
    '',
    stormTable(results.storm, results.unsafeStorm),
    '',
    webhookTable(results.webhooks),
    '',
    `cold starts, spawn -> first 200 from /_sim/health (ms); the binary would run its ${coldStart.binMode}:`,
    ...(Object.entries(coldStart.kinds) as [StartKind, ColdStartResult][]).map(
      ([kind, c]) => `  ${startLabels[kind].padEnd(24)} ${runs(c)}`,
    ),
    '',
    renderRaceBench(results.race),
    renderRequestBench(results.request),
    summaryTable(results),
    '',
  ].join('\n')
}

export function writeJson(results: BenchResults): void {
  mkdirSync(dirname(resultsFile), { recursive: true })
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`)
}
