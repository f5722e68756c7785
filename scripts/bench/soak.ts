// `pnpm bench --soak`: memory that must not grow without bound. One fake (a child process,
// `:memory:` database, --quiet, --retain 1000 as a long run would set it) gets, at once: stalled `/_sim/stream` clients that read their
// first bytes and then never again, a flood of unauthenticated requests with long query strings
// (each journaled), presses of Export (the domain events the stalled clients are not reading),
// and thousands of distinct `sorting_keys` shapes. A sampler reads the child's RSS and, from a worker
// thread, times GET /_sim/health on its own connection throughout. At the end each stalled client reads again:
// the fake should have ended the streams it dropped (informational: the kernel's socket buffers
// take the first megabytes, so the fake only sees a client fall behind after that). Every
// `exportsPerExpiry` exports the clock moves past the expiry window, so the pending jobs expire
// (one more event each). 127.0.0.1 only, bounded by `soakConfig.deadlineMs`.
import { setTimeout as sleep } from 'node:timers/promises'
import { connect, type Socket } from 'node:net'
import { loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'
import { basicAuth, loopbackUrl } from './api-client.ts'
import { spawnFake, type ChildServer } from './child-server.ts'
import { cliMode, type CliMode } from './cli-mode.ts'
import { rssMb } from './proc-stats.ts'
import { percentile, seededRandom } from './stats.ts'

export const soakConfig = {
  stalledClients: 20,
  junkRequests: 100_000,
  junkQueryBytes: 10 * 1024,
  sortShapes: 5000,
  exports: 5000,
  /** serve --retain: the expired jobs are trimmed as a long run would configure it. */
  retain: 1000,
  /** After this many exports the clock moves past the expiry window: a job.expired each. */
  exportsPerExpiry: 250,
  /** Requests in flight at once (the health check waits behind at most this many). */
  concurrency: 4,
  sampleEveryMs: 100,
  /** The whole run gives up (and fails) after this long. */
  deadlineMs: 15 * 60_000,
  /** How long a stalled client, reading again, waits for its stream to end. */
  endWaitMs: 10_000,
}

export const soakTargets = { maxRssMb: 200, maxHealthMs: 50 }

export type SoakResult = {
  config: typeof soakConfig
  requests: number
  statuses: Record<string, number>
  seconds: number
  rssStartMb: number
  rssMaxMb: number
  /** Of the samples taken every sampleEveryMs: RSS rises and falls with garbage not yet collected. */
  rssP50Mb: number
  rssP95Mb: number
  rssEndMb: number
  /** The machine's 1-minute load average before and after (it is shared). */
  loadAverage: { before: number; after: number }
  healthChecks: number
  healthP50Ms: number
  healthP99Ms: number
  healthMaxMs: number
  healthFailures: number
  stalledEnded: number
  /** How the binary ran the fake (run `pnpm build` first to measure the bundle users get). */
  binMode: CliMode
  verdicts: { rss: boolean; health: boolean }
}

/** A raw HTTP/1.1 client that reads the stream's first bytes, then stops reading. */
function stalledClient(url: URL): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), '127.0.0.1')
    socket.once('error', reject)
    socket.write(`GET /_sim/stream HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`)
    socket.once('data', () => {
      socket.pause()
      resolve(socket)
    })
  })
}

/** Reads again; true once the chunked response has ended (or the socket closed). */
function readsToEnd(socket: Socket, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let tail = ''
    const finish = (ended: boolean) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(ended)
    }
    const timer = setTimeout(() => finish(false), timeoutMs)
    socket.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString('latin1')).slice(-16)
      if (tail.endsWith('\r\n0\r\n\r\n')) finish(true)
    })
    socket.once('end', () => finish(true))
    socket.once('close', () => finish(true))
    socket.resume()
  })
}

/** `count` distinct sort shapes: every valid one for the job list first, then random lists
 * (repeats included, which the fake refuses). */
export function sortShapes(count: number): string[] {
  const keys = ['createdAt', 'lastUpdatedAt', 'id', 'status']
  const shapes = new Set<string>()
  const query = (list: string[], orders: string[]) =>
    [...list.map((k) => `sorting_keys=${k}`), ...orders.map((o) => `sorting_order=${o}`)].join('&')
  const grow = (list: string[]) => {
    for (let mask = 0; mask < 1 << list.length; mask++) {
      shapes.add(
        query(
          list,
          list.map((_, i) => (mask & (1 << i) ? 'DESC' : 'ASC')),
        ),
      )
    }
    for (const key of keys) if (!list.includes(key)) grow([...list, key])
  }
  grow([])
  shapes.delete('')
  const next = seededRandom(42)
  while (shapes.size < count) {
    const length = 2 + Math.floor(next() * 6)
    const list = Array.from({ length }, () => keys[Math.floor(next() * keys.length)] ?? 'id')
    shapes.add(
      query(
        list,
        list.map(() => (next() < 0.5 ? 'ASC' : 'DESC')),
      ),
    )
  }
  return [...shapes].slice(0, count)
}

type Work = { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string }

function workList(fake: ChildServer): Work[] {
  const auth = { authorization: basicAuth(fake.apiKey ?? '') }
  const junk = `x=${'a'.repeat(soakConfig.junkQueryBytes)}`
  const shapes = sortShapes(soakConfig.sortShapes)
  const press: Work = {
    method: 'POST',
    path: '/_sim/export-jobs',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ companyId: fake.companyId, numberOfItems: 1 }),
  }
  const expire: Work = {
    method: 'POST',
    path: '/_sim/clock/advance',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ seconds: 7200 }),
  }
  const work: Work[] = []
  const { junkRequests, exports, exportsPerExpiry } = soakConfig
  const every = Math.max(1, Math.floor(junkRequests / Math.max(exports, shapes.length)))
  for (let i = 0; i < junkRequests; i++) {
    work.push({ method: 'GET', path: `/v3/export-jobs?n=${i}&${junk}`, headers: {} })
    if (i % every === 0 && i / every < exports) {
      work.push(press)
      if ((i / every + 1) % exportsPerExpiry === 0) work.push(expire)
    }
    const shape = i % every === 0 ? shapes[i / every] : undefined
    if (shape) {
      const path = `/v3/export-jobs?company_id=${fake.companyId}&limit=2&${shape}`
      work.push({ method: 'GET', path, headers: auth })
    }
  }
  return work
}

/**
 * Times GET /_sim/health every sampleEveryMs on a connection of its own, from a worker thread
 * (health-sampler.js) so the load this thread drives does not delay the timings; reads the fake's
 * RSS here at the same pace.
 */
function startSampler(fake: ChildServer) {
  const worker = new Worker(new URL('./health-sampler.js', import.meta.url), {
    workerData: {
      url: String(loopbackUrl(fake.url, '/_sim/health')),
      everyMs: soakConfig.sampleEveryMs,
    },
  })
  const result = new Promise<{ health: number[]; failures: number }>((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  })
  const rss: number[] = []
  let stopped = false
  const loop = (async () => {
    while (!stopped) {
      rss.push(rssMb(fake.pid))
      await sleep(soakConfig.sampleEveryMs)
    }
  })()
  return {
    rss,
    stop: async () => {
      stopped = true
      worker.postMessage('stop')
      await loop
      return result
    },
  }
}

async function drive(fake: ChildServer, work: Work[], deadline: number) {
  const statuses: Record<string, number> = {}
  let next = 0
  const worker = async () => {
    while (next < work.length) {
      if (performance.now() > deadline) throw new Error('soak: deadline passed')
      const item = work[next++] as Work
      try {
        const response = await fetch(loopbackUrl(fake.url, item.path), {
          method: item.method,
          headers: item.headers,
          ...(item.body ? { body: item.body } : {}),
        })
        await response.arrayBuffer()
        statuses[response.status] = (statuses[response.status] ?? 0) + 1
      } catch {
        statuses.error = (statuses.error ?? 0) + 1
      }
    }
  }
  await Promise.all(Array.from({ length: soakConfig.concurrency }, worker))
  return statuses
}

export async function runSoak(step: (message: string) => void): Promise<SoakResult> {
  const deadline = performance.now() + soakConfig.deadlineMs
  const binMode = cliMode()
  const loadBefore = loadavg()[0] ?? 0
  const fake = await spawnFake(['--quiet', '--retain', String(soakConfig.retain)])
  try {
    const url = new URL(fake.url)
    const rssStartMb = rssMb(fake.pid)
    step(`soak: ${soakConfig.stalledClients} stalled /_sim/stream clients`)
    const stalled = await Promise.all(
      Array.from({ length: soakConfig.stalledClients }, () => stalledClient(url)),
    )
    const work = workList(fake)
    step(
      `soak: ${work.length} requests (${soakConfig.junkRequests} with ${soakConfig.junkQueryBytes} B queries, ${soakConfig.exports} exports, ${soakConfig.sortShapes} sort shapes), ${soakConfig.concurrency} in flight`,
    )
    const sampler = startSampler(fake)
    const started = performance.now()
    let statuses: Record<string, number>
    let checks: { health: number[]; failures: number }
    try {
      statuses = await drive(fake, work, deadline)
    } finally {
      checks = await sampler.stop()
    }
    const seconds = (performance.now() - started) / 1000
    const rssEndMb = rssMb(fake.pid)
    step('soak: the stalled clients read again')
    const ended = await Promise.all(stalled.map((s) => readsToEnd(s, soakConfig.endWaitMs)))
    const health = [...checks.health].sort((a, b) => a - b)
    const rssMaxMb = Math.max(rssStartMb, rssEndMb, ...sampler.rss)
    const healthMaxMs = health.at(-1) ?? Number.POSITIVE_INFINITY
    const stalledEnded = ended.filter(Boolean).length
    return {
      config: soakConfig,
      requests: work.length,
      statuses,
      seconds,
      rssStartMb,
      rssMaxMb,
      rssP50Mb: percentile(sampler.rss, 50),
      rssP95Mb: percentile(sampler.rss, 95),
      rssEndMb,
      loadAverage: { before: loadBefore, after: loadavg()[0] ?? 0 },
      healthChecks: health.length,
      healthP50Ms: percentile(health, 50),
      healthP99Ms: percentile(health, 99),
      healthMaxMs,
      healthFailures: checks.failures,
      stalledEnded,
      binMode,
      verdicts: {
        rss: rssMaxMb < soakTargets.maxRssMb,
        health: checks.failures === 0 && healthMaxMs < soakTargets.maxHealthMs,
      },
    }
  } finally {
    await fake.stop()
  }
}

export function renderSoak(r: SoakResult): string {
  const yes = (ok: boolean) => (ok ? 'yes' : 'NO')
  return [
    '',
    `Soak: ${r.requests} requests in ${r.seconds.toFixed(1)} s, statuses ${JSON.stringify(r.statuses)}`,
    `  RSS          start ${r.rssStartMb.toFixed(0)} MB, p50 ${r.rssP50Mb.toFixed(0)} MB, p95 ${r.rssP95Mb.toFixed(0)} MB, max ${r.rssMaxMb.toFixed(0)} MB, end ${r.rssEndMb.toFixed(0)} MB (target < ${soakTargets.maxRssMb}: ${yes(r.verdicts.rss)})`,
    `  health       ${r.healthChecks} checks, p50 ${r.healthP50Ms.toFixed(1)} ms, p99 ${r.healthP99Ms.toFixed(1)} ms, max ${r.healthMaxMs.toFixed(1)} ms, ${r.healthFailures} failed (target < ${soakTargets.maxHealthMs} ms: ${yes(r.verdicts.health)})`,
    `  stalled      ${r.stalledEnded}/${r.config.stalledClients} streams ended by the fake (dropped past their backlog; the kernel's socket buffers absorb the first megabytes, so fewer events end none)`,
    `  fake ran     its ${r.binMode}; load average ${r.loadAverage.before.toFixed(1)} before, ${r.loadAverage.after.toFixed(1)} after`,
    '',
  ].join('\n')
}
