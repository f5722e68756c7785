// The claim storm: fresh pending jobs, each raced by several clients posting `started` to
// POST /v3/export-job-events. Attempts are laid out in waves as wide as the concurrency, shuffled
// within each wave, so the attempts on one job are in flight at the same time on different
// sockets: a real race, not a queue. Counts 202 winners per job (exactly one each is correct) and
// 422 losers, then checks the outcome through the API by listing in_progress jobs page by page.
// A hand-rolled keep-alive client rather than autocannon: every attempt needs its own body from a
// shared queue, an exact total, and its status tallied against its job.
import { Agent, request } from 'node:http'
import { performance } from 'node:perf_hooks'
import {
  basicAuth,
  createPendingJobs,
  createTenant,
  listJobsByStatus,
  loopbackUrl,
} from './api-client.ts'
import { config } from './config.ts'
import { cpuSeconds, ownCpuSeconds } from './proc-stats.ts'
import { percentile, seededRandom, shuffle } from './stats.ts'

export type StormResult = {
  jobs: number
  clientsPerJob: number
  concurrency: number
  attempts: number
  winners: number
  conflicts: number
  /** Statuses other than 202 and 422, and transport errors, by name. */
  unexpected: Record<string, number>
  elapsedMs: number
  attemptsPerSecond: number
  winsPerSecond: number
  latencyP50Ms: number
  latencyP99Ms: number
  /** Server CPU during the storm, in % of one core, and per attempt in microseconds. */
  serverCpuPercent: number
  serverMicrosPerAttempt: number
  /** This process (the racing clients) during the storm, in % of one core. */
  clientCpuPercent: number
  /** Jobs with more than one 202: double claims. */
  jobsWonTwice: number
  /** Jobs nobody won. */
  jobsNeverWon: number
  /** in_progress jobs of the storm's company, counted through the paginated list. */
  listedInProgress: number
  /** pending jobs left in the storm's company. */
  listedPending: number
}

export async function runClaimStorm(url: string, pid: number, seed = 1): Promise<StormResult> {
  const tenant = await createTenant(url)
  const jobIds = await createPendingJobs(tenant, config.stormJobs)
  const random = seededRandom(seed)
  const queue = waves(shuffle([...jobIds], random), random)

  const agent = new Agent({ keepAlive: true, maxSockets: config.stormConcurrency })
  const target = loopbackUrl(url, '/v3/export-job-events')
  const auth = basicAuth(tenant.apiKey)
  const wins = new Map<string, number>()
  const unexpected: Record<string, number> = {}
  const latencies: number[] = []
  let conflicts = 0
  let next = 0

  const attempt = (jobId: string) =>
    new Promise<string>((resolve) => {
      const body = JSON.stringify({ jobId, event: 'started' })
      const req = request(
        target,
        {
          method: 'POST',
          agent,
          headers: {
            authorization: auth,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume()
          res.once('end', () => resolve(String(res.statusCode)))
          res.once('error', (error) => resolve(error.name))
        },
      )
      req.once('error', (error) => resolve((error as NodeJS.ErrnoException).code ?? error.name))
      req.end(body)
    })

  const worker = async () => {
    while (next < queue.length) {
      const jobId = queue[next++] as string
      const sent = performance.now()
      const outcome = await attempt(jobId)
      latencies.push(performance.now() - sent)
      if (outcome === '202') wins.set(jobId, (wins.get(jobId) ?? 0) + 1)
      else if (outcome === '422') conflicts++
      else unexpected[outcome] = (unexpected[outcome] ?? 0) + 1
    }
  }

  const started = performance.now()
  const cpuBefore = { server: cpuSeconds(pid), client: ownCpuSeconds() }
  await Promise.all(Array.from({ length: config.stormConcurrency }, worker))
  const elapsedMs = performance.now() - started
  const serverCpu = cpuSeconds(pid) - cpuBefore.server
  const clientCpu = ownCpuSeconds() - cpuBefore.client
  agent.destroy()

  const winners = [...wins.values()].reduce((sum, n) => sum + n, 0)
  const inProgress = await listJobsByStatus(tenant, 'in_progress')
  const pending = await listJobsByStatus(tenant, 'pending')
  return {
    jobs: jobIds.length,
    clientsPerJob: config.clientsPerJob,
    concurrency: config.stormConcurrency,
    attempts: queue.length,
    winners,
    conflicts,
    unexpected,
    elapsedMs,
    attemptsPerSecond: queue.length / (elapsedMs / 1000),
    winsPerSecond: winners / (elapsedMs / 1000),
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    serverCpuPercent: (serverCpu / (elapsedMs / 1000)) * 100,
    serverMicrosPerAttempt: (serverCpu / queue.length) * 1e6,
    clientCpuPercent: (clientCpu / (elapsedMs / 1000)) * 100,
    jobsWonTwice: [...wins.values()].filter((n) => n > 1).length,
    jobsNeverWon: jobIds.filter((id) => !wins.has(id)).length,
    listedInProgress: new Set(inProgress.map((job) => job.id)).size,
    listedPending: pending.length,
  }
}

/** clientsPerJob attempts per job, grouped in waves of `stormConcurrency`, shuffled per wave. */
function waves(jobIds: string[], random: () => number): string[] {
  const jobsPerWave = Math.max(1, Math.floor(config.stormConcurrency / config.clientsPerJob))
  const queue: string[] = []
  for (let start = 0; start < jobIds.length; start += jobsPerWave) {
    const wave = jobIds
      .slice(start, start + jobsPerWave)
      .flatMap((id) => Array<string>(config.clientsPerJob).fill(id))
    queue.push(...shuffle(wave, random))
  }
  return queue
}
