// Webhook throughput and latency: the fake (`fake-pleo serve --quiet`, system clock) and a bare
// node:http receiver answering 200 (webhook-receiver.js) each run as a child process. A fresh
// company subscribes the receiver to v1.export-job.created; after an unmeasured warm-up (another
// company, another receiver path) the bench creates `webhookJobs` jobs through
// POST /_sim/export-jobs, `webhookConcurrency` in flight on keep-alive sockets, and notes the
// wall-clock time just before sending each POST against the job id its 201 names. The receiver
// notes the time each webhook's body arrived and the body's `data.id`, on the same wall clock
// (performance.timeOrigin + performance.now() in both processes). Reported: deliveries per second
// from the first receipt to the last, latency from sending the job's POST (so it includes the
// POST's own round trip, an upper bound on enqueue → receipt) to receipt, CPU of each process, and
// correctness: every job's webhook exactly once, every attempt in /_sim/deliveries a 200.
import { setTimeout as sleep } from 'node:timers/promises'
import { Agent, request } from 'node:http'
import { performance } from 'node:perf_hooks'
import { basicAuth, createTenant, loopbackUrl, type Tenant } from './api-client.ts'
import { spawnFake, spawnWebhookReceiver } from './child-server.ts'
import { config } from './config.ts'
import { cpuSeconds, machineBusySeconds, ownCpuSeconds } from './proc-stats.ts'
import { waitForQuiet } from './quiet-gate.ts'
import { percentile } from './stats.ts'

export type WebhookResult = {
  jobs: number
  concurrency: number
  /** Webhooks the receiver got for the measured company. */
  received: number
  /** Jobs whose webhook never arrived, and jobs whose webhook arrived more than once. */
  missing: number
  duplicated: number
  /** Attempts in /_sim/deliveries for the measured subscription, and how many were not a 200. */
  attempts: number
  failedAttempts: number
  /** Job creation: POSTs per second and their round trip. */
  createsPerSecond: number
  createP50Ms: number
  createP99Ms: number
  /** First receipt to last receipt. */
  deliverySpanMs: number
  deliveriesPerSecond: number
  /** First POST sent to last webhook received. */
  endToEndMs: number
  /** POST sent → webhook received, per job. */
  latencyP50Ms: number
  latencyP99Ms: number
  latencyMaxMs: number
  /**
   * 201 received → webhook received: a lower bound on enqueue → receipt (negative when the
   * webhook arrived before the client had read the 201).
   */
  afterAnswerP50Ms: number
  afterAnswerP99Ms: number
  /**
   * Queued (the outbox row the fake commits with the job, `queuedAt` in /_sim/deliveries) →
   * webhook received: the latency the target is about. The fake runs the system clock, so its
   * timestamps and the receiver's are on the same wall clock.
   */
  queuedP50Ms: number
  queuedP99Ms: number
  /** From the first POST to the last receipt, in % of one core. */
  fakeCpuPercent: number
  receiverCpuPercent: number
  clientCpuPercent: number
  otherCpuPercent: number
  /** The fake's CPU time per job (creation and delivery), in microseconds. */
  fakeMicrosPerJob: number
  /** Other processes' CPU in the quiet check before the run, in % of one core. */
  otherCpuBeforePercent: number
}

type Receipt = { path: string; jobId: string | null; webhookId: string | null; at: number }

const wallNow = () => performance.timeOrigin + performance.now()

async function call<T>(base: string, path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(loopbackUrl(base, path), init)
  const text = await response.text()
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`)
  return (text && /^[[{]/.test(text) ? JSON.parse(text) : text) as T
}

async function subscribe(tenant: Tenant, endpointUrl: string): Promise<string> {
  loopbackUrl(endpointUrl)
  const { data } = await call<{ data: { id: string } }>(tenant.url, '/v1/subscriptions', {
    method: 'POST',
    headers: { authorization: basicAuth(tenant.apiKey), 'content-type': 'application/json' },
    body: JSON.stringify({ endpointUrl, eventTypes: ['v1.export-job.created'] }),
  })
  return data.id
}

/** Presses Export `count` times, `concurrency` at once; job id → wall time its POST was sent. */
async function createJobs(tenant: Tenant, count: number, concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency })
  const target = loopbackUrl(tenant.url, '/_sim/export-jobs')
  const body = JSON.stringify({ companyId: tenant.companyId, numberOfItems: 1 })
  const sentAt = new Map<string, number>()
  const answeredAt = new Map<string, number>()
  const roundTrips: number[] = []
  const post = () =>
    new Promise<string>((resolve, reject) => {
      const req = request(
        target,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.once('end', () => {
            const text = Buffer.concat(chunks).toString('utf8')
            if (res.statusCode !== 201) return reject(new Error(`${res.statusCode} ${text}`))
            resolve((JSON.parse(text) as { data: { id: string } }).data.id)
          })
          res.once('error', reject)
        },
      )
      req.once('error', reject)
      req.end(body)
    })
  let next = 0
  const worker = async () => {
    while (next < count) {
      next++
      const sent = wallNow()
      const jobId = await post()
      const answered = wallNow()
      roundTrips.push(answered - sent)
      sentAt.set(jobId, sent)
      answeredAt.set(jobId, answered)
    }
  }
  try {
    await Promise.all(Array.from({ length: concurrency }, worker))
  } finally {
    agent.destroy()
  }
  return { sentAt, answeredAt, roundTrips }
}

/** Polls the receiver's count until `count` webhooks arrived (bounded). */
async function drain(receiverUrl: string, count: number): Promise<void> {
  const deadline = performance.now() + config.webhookDrainTimeoutMs
  for (;;) {
    const received = Number(await call<string>(receiverUrl, '/_count'))
    if (received >= count) return
    if (performance.now() > deadline) {
      throw new Error(`only ${received} of ${count} webhooks arrived within the drain timeout`)
    }
    await sleep(10)
  }
}

/** Every attempt for one subscription in the fake's deliveries journal (paged, bounded). */
async function journal(url: string, subscriptionId: string) {
  const rows: { status: number | null; webhookId: string; queuedAt: string }[] = []
  let after = 0
  for (let page = 0; page < 1000; page++) {
    const { data } = await call<{
      data: {
        id: number
        subscriptionId: string
        status: number
        webhookId: string
        queuedAt: string
      }[]
    }>(url, `/_sim/deliveries?after=${after}&limit=1000`)
    rows.push(...data.filter((d) => d.subscriptionId === subscriptionId))
    if (data.length < 1000) return rows
    after = data.at(-1)!.id
  }
  throw new Error('more than 1000 pages of deliveries')
}

export async function runWebhookThroughput(): Promise<WebhookResult> {
  const [fake, receiver] = await Promise.all([spawnFake(['--quiet']), spawnWebhookReceiver()])
  try {
    const warm = await createTenant(fake.url)
    await subscribe(warm, `${receiver.url}/warmup`)
    await createJobs(warm, config.webhookWarmupJobs, config.webhookConcurrency)
    await drain(receiver.url, config.webhookWarmupJobs)
    await call(receiver.url, '/_reset', { method: 'POST' })

    const tenant = await createTenant(fake.url)
    const subscriptionId = await subscribe(tenant, `${receiver.url}/hook`)
    const gate = await waitForQuiet(config.quietWaitMs)

    const before = {
      fake: cpuSeconds(fake.pid),
      receiver: cpuSeconds(receiver.pid),
      client: ownCpuSeconds(),
      all: machineBusySeconds(),
    }
    const started = wallNow()
    const { sentAt, answeredAt, roundTrips } = await createJobs(
      tenant,
      config.webhookJobs,
      config.webhookConcurrency,
    )
    const createdMs = wallNow() - started
    await drain(receiver.url, config.webhookJobs)
    const wallSeconds = (wallNow() - started) / 1000
    const used = {
      fake: cpuSeconds(fake.pid) - before.fake,
      receiver: cpuSeconds(receiver.pid) - before.receiver,
      client: ownCpuSeconds() - before.client,
      all: machineBusySeconds() - before.all,
    }

    const receipts = (await call<Receipt[]>(receiver.url, '/_receipts')).filter(
      (r) => r.path === '/hook',
    )
    const perJob = new Map<string, number>()
    for (const r of receipts) if (r.jobId) perJob.set(r.jobId, (perJob.get(r.jobId) ?? 0) + 1)
    const since = (times: Map<string, number>) =>
      receipts
        .filter((r) => r.jobId !== null && times.has(r.jobId))
        .map((r) => r.at - times.get(r.jobId!)!)
    const latencies = since(sentAt)
    const afterAnswer = since(answeredAt)
    const times = receipts.map((r) => r.at)
    const first = Math.min(...times)
    const last = Math.max(...times)
    const attempts = await journal(fake.url, subscriptionId)
    const queuedAt = new Map(attempts.map((a) => [a.webhookId, Date.parse(a.queuedAt)]))
    const afterQueued = receipts
      .filter((r) => r.webhookId !== null && queuedAt.has(r.webhookId))
      .map((r) => r.at - (queuedAt.get(r.webhookId ?? '') ?? 0))
    const percent = (seconds: number) => (seconds / wallSeconds) * 100
    return {
      jobs: config.webhookJobs,
      concurrency: config.webhookConcurrency,
      received: receipts.length,
      missing: [...sentAt.keys()].filter((id) => !perJob.has(id)).length,
      duplicated: [...perJob.values()].filter((n) => n > 1).length,
      attempts: attempts.length,
      failedAttempts: attempts.filter((a) => a.status !== 200).length,
      createsPerSecond: config.webhookJobs / (createdMs / 1000),
      createP50Ms: percentile(roundTrips, 50),
      createP99Ms: percentile(roundTrips, 99),
      deliverySpanMs: last - first,
      deliveriesPerSecond: (receipts.length - 1) / ((last - first) / 1000),
      endToEndMs: last - started,
      latencyP50Ms: percentile(latencies, 50),
      latencyP99Ms: percentile(latencies, 99),
      latencyMaxMs: percentile(latencies, 100),
      afterAnswerP50Ms: percentile(afterAnswer, 50),
      afterAnswerP99Ms: percentile(afterAnswer, 99),
      queuedP50Ms: percentile(afterQueued, 50),
      queuedP99Ms: percentile(afterQueued, 99),
      fakeCpuPercent: percent(used.fake),
      receiverCpuPercent: percent(used.receiver),
      clientCpuPercent: percent(used.client),
      otherCpuPercent: Math.max(0, percent(used.all - used.fake - used.receiver - used.client)),
      fakeMicrosPerJob: (used.fake / config.webhookJobs) * 1e6,
      otherCpuBeforePercent: gate.otherCpuPercent,
    }
  } finally {
    await Promise.all([fake.stop(), receiver.stop()])
  }
}
