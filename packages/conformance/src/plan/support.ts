// Helpers the scenarios share: reading a job and its items from the fake (outside the captured
// traffic), waiting for a job to end, the integration's requests about a job, and signing a
// webhook with any secret and timestamp (for forged and stale deliveries).
import { Webhook } from 'svix'
import { createPleoClient } from '@fake-pleo/client'
import type { Captured, Stage } from '../stage.ts'
import type { ScenarioContext } from '../scenario.ts'

export const terminal = new Set(['completed', 'completed_with_errors', 'failed', 'expired'])

export const statusOf = (stage: Stage, jobId: string) => stage.fake.deps.store.getJob(jobId)?.status

/** A client on the fake that bypasses the capture: the kit reading, not the integration. */
export function kitClient(stage: Stage) {
  return createPleoClient({
    baseUrl: 'http://kit.invalid',
    auth: { apiKey: stage.apiKey },
    fetch: async (input, init) => stage.fake.app.request(input, init),
  })
}

export async function itemsOf(stage: Stage, jobId: string) {
  const items = await kitClient(stage).allExportJobItems(jobId, { limit: 100 })
  return items.ok ? items.data : []
}

/** Waits until the job has ended (or the scenario's time is up); answers its status. */
export async function ended(ctx: ScenarioContext, jobId: string) {
  await ctx.until(() => terminal.has(statusOf(ctx.stage, jobId) ?? ''))
  return statusOf(ctx.stage, jobId)
}

export const requestsAbout = (stage: Stage, jobId: string) =>
  stage.requests.filter((c: Captured) => c.jobId === jobId)

/** Presses Export `count` times, moving the virtual clock `gapSeconds` between jobs. */
export async function pressSeveral(stage: Stage, count: number, gapSeconds = 10, items = 3) {
  const jobs = []
  for (let i = 0; i < count; i++) {
    if (i > 0) await stage.control.advanceClock(gapSeconds)
    jobs.push(await stage.press({ numberOfItems: items }))
  }
  return jobs
}

/** POSTs a webhook for `job` to the integration, signed with `secret` at `timestamp`. */
export async function sendWebhook(
  url: string,
  job: Record<string, unknown>,
  secret: string,
  timestamp: Date,
): Promise<number> {
  const id = `msg_conform${Date.now()}`
  const body = JSON.stringify({ data: job, eventId: id, eventType: 'v1.export-job.created' })
  const signature = new Webhook(secret).sign(id, timestamp, body)
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body,
  })
  await response.body?.cancel()
  return response.status
}

/** A fresh `whsec_` secret nobody subscribed with. */
export const strangerSecret = () =>
  `whsec_${Buffer.from(Array.from({ length: 24 }, (_, i) => (i * 37 + 11) % 256)).toString('base64')}`

/** Presses one job, starts the integration and waits for the job to end: the common opening. */
export async function oneJob(ctx: ScenarioContext, body: { numberOfItems?: number } = {}) {
  const job = await ctx.stage.press(body)
  await ctx.start()
  const status = await ended(ctx, job.id)
  return { job, status }
}

/** Starts the integration, lets it settle, then presses one job and waits for it to end. */
export async function pressWhenIdle(ctx: ScenarioContext) {
  await ctx.start()
  await ctx.settle()
  const job = await ctx.stage.press()
  const status = await ended(ctx, job.id)
  return { job, status }
}
