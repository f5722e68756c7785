// Helpers the scenarios share: reading a job and its items from the fake (outside the captured
// traffic), waiting for a job to end, the integration's requests about a job, a job that exists
// nowhere (for deliveries no poll can explain), signing a webhook with any secret and timestamp
// (for forged and stale deliveries) and sending a genuine one again.
import { randomUUID } from 'node:crypto'
import { Webhook } from 'svix'
import { finalJobStatuses, formatTimestamp } from '@fake-pleo/contract'
import { createPleoClient } from '@fake-pleo/client'
import type { Captured, Stage } from '../stage.ts'
import type { ScenarioContext } from '../scenario.ts'

export const terminal = new Set<string>(finalJobStatuses)

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

/**
 * Waits until the job has ended while the integration keeps making progress on it: the wait
 * gives up only after the scenario's time passes with no new `progress()` (or after ten times
 * that in all). For jobs whose size, not the integration, sets how long they take.
 */
export async function endedWhileProgressing(
  ctx: ScenarioContext,
  jobId: string,
  progress: () => number,
) {
  const giveUp = performance.now() + ctx.timeoutMs * 10
  let seen = progress()
  for (;;) {
    const ended = () => terminal.has(statusOf(ctx.stage, jobId) ?? '')
    await ctx.until(() => ended() || progress() > seen)
    const now = progress()
    if (ended() || now === seen || performance.now() > giveUp) return statusOf(ctx.stage, jobId)
    seen = now
  }
}

/** Presses Export `count` times, moving the virtual clock `gapSeconds` between jobs. */
export async function pressSeveral(stage: Stage, count: number, gapSeconds = 10, items = 3) {
  const jobs = []
  for (let i = 0; i < count; i++) {
    if (i > 0) await stage.control.advanceClock(gapSeconds)
    jobs.push(await stage.press({ numberOfItems: items }))
  }
  return jobs
}

/**
 * A job snapshot, as `v1.export-job.created` carries one, for a pending job of the stage's company
 * that exists nowhere: no listing shows it and every request about it answers 404.
 */
export function phantomJob(stage: Stage) {
  return {
    companyId: stage.companyId,
    createdAt: formatTimestamp(stage.fake.deps.clock.now()),
    createdBy: null,
    expiresIn: 3600,
    id: randomUUID(),
    numberOfItems: 3,
    status: 'pending',
  }
}

/** Requests that name `id` anywhere: path, query or body. */
export const touches = (id: string) => (c: Captured) =>
  c.jobId === id ||
  c.path.includes(id) ||
  c.query.includes(id) ||
  (c.body !== null && JSON.stringify(c.body).includes(id))

/** POSTs a webhook for `job` to the integration, signed with `secret` at `timestamp`. */
export async function sendWebhook(
  stage: Stage,
  url: string,
  job: Record<string, unknown>,
  secret: string,
  timestamp: Date,
): Promise<number> {
  stage.stimulus()
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

/** Has the fake send the message with this webhook-id again, now (same id, same body). */
export async function redeliver(stage: Stage, webhookId: string): Promise<void> {
  const attempt = stage.fake.deps.store.webhooks
    .listDeliveries(0, 1000)
    .find((d) => d.webhookId === webhookId)
  if (attempt === undefined) throw new Error(`no delivery of ${webhookId} to send again`)
  const response = await stage.fake.app.request(`/_sim/deliveries/${attempt.id}/redeliver`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
  })
  if (response.status !== 202) {
    throw new Error(`could not send ${webhookId} again: ${await response.text()}`)
  }
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
