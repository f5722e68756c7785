// One load phase: autocannon against a URL on 127.0.0.1 for a fixed duration (after an
// unmeasured warm-up), reporting requests/s (autocannon's per-second average), latency
// percentiles, anything that was not a 2xx, and CPU meanwhile: the server child's (near 100% of
// one core = the server was the bottleneck, not the client), its CPU time per request (a cost
// that does not depend on how fast the client is), the client's, and everyone else's on the
// machine (well above zero = the run was disturbed by other work).
import autocannon from 'autocannon'
import { performance } from 'node:perf_hooks'
import { loopbackUrl } from './api-client.ts'
import { config } from './config.ts'
import { cpuSeconds, machineBusySeconds, ownCpuSeconds } from './proc-stats.ts'

export type LoadResult = {
  name: string
  path: string
  requestsPerSecond: number
  latencyP50Ms: number
  latencyP99Ms: number
  latencyMeanMs: number
  requests: number
  non2xx: number
  errors: number
  /** Mean response size, headers included. */
  bytesPerResponse: number
  /** Server process CPU during the measured window, in % of one core. */
  serverCpuPercent: number
  /** Server CPU time per request, in microseconds. */
  serverMicrosPerRequest: number
  /** This process (autocannon) during the window, in % of one core. */
  clientCpuPercent: number
  /** Every other process on the machine during the window, in % of one core. */
  otherCpuPercent: number
}

export async function runLoad(options: {
  name: string
  base: string
  path: string
  headers?: Record<string, string>
  pid: number
  /** Requests per second across all connections (autocannon's overallRate); unset: as fast as
   * the server answers. */
  rate?: number
}): Promise<LoadResult> {
  const url = loopbackUrl(options.base, options.path).href
  const shape = {
    url,
    connections: config.connections,
    headers: options.headers ?? {},
    ...(options.rate === undefined ? {} : { overallRate: options.rate }),
  }
  await autocannon({ ...shape, duration: config.warmupSeconds })
  const before = {
    server: cpuSeconds(options.pid),
    client: ownCpuSeconds(),
    all: machineBusySeconds(),
  }
  const wallBefore = performance.now()
  const result = await autocannon({ ...shape, duration: config.durationSeconds })
  const wallSeconds = (performance.now() - wallBefore) / 1000
  const server = cpuSeconds(options.pid) - before.server
  const client = ownCpuSeconds() - before.client
  const all = machineBusySeconds() - before.all
  const percent = (seconds: number) => (seconds / wallSeconds) * 100
  return {
    name: options.name,
    path: options.path,
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMeanMs: result.latency.average,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    bytesPerResponse: result.throughput.total / Math.max(1, result.requests.total),
    serverCpuPercent: percent(server),
    serverMicrosPerRequest: (server / Math.max(1, result.requests.total)) * 1e6,
    clientCpuPercent: percent(client),
    otherCpuPercent: Math.max(0, percent(all - server - client)),
  }
}
