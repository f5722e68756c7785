// Claimer test support: the in-process fake with a fresh, empty company (so the demo seed's jobs
// stay out of the way), a client on that company's key, control helpers (queue a job, steal a
// claim, advance the manual clock), a recording sleep and the journal filtered to what matters.
import { createFakePleo, type ConfigurableFaultEngine } from '@fake-pleo/server'
import type { ExportJobV3 } from '@fake-pleo/contract'
import { createPleoClient, type FetchLike } from '../src/index.ts'
import {
  createClaimer,
  createMemoryState,
  type ClaimerOptions,
  type LogLevel,
} from '../src/claimer/index.ts'

export async function claimerSetup(
  options: { faults?: ConfigurableFaultEngine; wrapFetch?: (fetch: FetchLike) => FetchLike } = {},
) {
  const fake = createFakePleo({
    seed: 'demo',
    clock: 'manual',
    webhookDelivery: 'off',
    ...(options.faults ? { faults: options.faults } : {}),
  })
  const control = async (path: string, body: unknown) => {
    const response = await fake.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    if (!response.ok)
      throw new Error(`${path} answered ${response.status}: ${await response.text()}`)
    return response.status === 202 ? undefined : ((await response.json()) as { data: unknown })
  }
  const company = (await control('/_sim/companies', { name: 'Claimer Co' })) as {
    data: { company: { id: string }; apiKey: string }
  }
  const companyId = company.data.company.id
  const apiKey = company.data.apiKey

  const sleeps: number[] = []
  const sleep = async (ms: number) => {
    sleeps.push(ms)
  }
  const base: FetchLike = async (input, init) => fake.app.request(String(input), init)
  const fetch = options.wrapFetch ? options.wrapFetch(base) : base
  const client = createPleoClient({
    baseUrl: 'http://fake.local',
    auth: { apiKey },
    fetch,
    sleep,
    random: () => 0.5,
  })
  const logs: { level: LogLevel; message: string; fields?: Record<string, unknown> }[] = []

  const createJob = async (body: { numberOfItems?: number; expiresIn?: number } = {}) =>
    (
      (await control('/_sim/export-jobs', { companyId, numberOfItems: 3, ...body })) as {
        data: ExportJobV3
      }
    ).data
  const steal = (jobId: string) => control('/_sim/export-job-events', { jobId, event: 'started' })
  const advance = async (seconds: number): Promise<void> => {
    await control('/_sim/clock/advance', { seconds })
  }

  const claimer = (overrides: Partial<ClaimerOptions> = {}) =>
    createClaimer({
      client,
      companyId,
      state: createMemoryState(),
      sleep,
      now: () => fake.deps.clock.now(),
      random: () => 0.5,
      log: (level, message, fields) => {
        logs.push(fields ? { level, message, fields } : { level, message })
      },
      ...overrides,
    })

  const journal = () => fake.deps.store.listJournal(0, 10_000)
  /** Journal entries of the public API (not the control API) for one job. */
  const apiCalls = (jobId: string) =>
    journal().filter((entry) => entry.jobId === jobId && !entry.path.startsWith('/_sim'))
  const events = (jobId: string, event: string) =>
    apiCalls(jobId).filter(
      (entry) =>
        entry.method === 'POST' && entry.path === '/v3/export-job-events' && entry.event === event,
    )
  const puts = (jobId: string) =>
    apiCalls(jobId).filter((entry) => entry.method === 'PUT' && entry.path.endsWith('/items'))
  const items = (jobId: string) =>
    fake.deps.store.listJobItems(jobId, undefined, {
      limit: 1000,
      sort: [{ column: 'seq', desc: false }],
    }).rows

  return {
    fake,
    client,
    companyId,
    sleep,
    sleeps,
    logs,
    createJob,
    steal,
    advance,
    claimer,
    journal,
    apiCalls,
    events,
    puts,
    items,
    store: fake.deps.store,
  }
}
