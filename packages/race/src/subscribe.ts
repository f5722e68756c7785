// Subscribes a webhook worker's endpoint to `v1.export-job.created` through the Subscriptions API
// (as an integration would) and hands the worker its signing secret. Polling workers need none.
import { createPleoClient } from '@fake-pleo/client'
import type { RaceEnvironment } from './environment.ts'
import type { Worker } from './worker.ts'

/** Answers the subscription's id, or undefined for a polling worker. */
export async function subscribeWorker(
  env: RaceEnvironment,
  worker: Worker,
): Promise<string | undefined> {
  if (worker.trigger !== 'webhook') return undefined
  const endpointUrl = await env.endpoint(worker.id, (request) => worker.handle(request))
  const client = createPleoClient({
    baseUrl: env.baseUrl,
    auth: { apiKey: env.apiKey },
    fetch: env.direct,
    sleep: () => Promise.resolve(),
    retry: { attempts: 50, baseMs: 1, maxMs: 1 },
  })
  const created = await client.createSubscription({
    endpointUrl,
    eventTypes: ['v1.export-job.created'],
  })
  if (!created.ok) throw new Error(`subscribing worker ${worker.id}: ${created.error.message}`)
  const secret = await client.getSubscriptionSecret(created.data.id)
  if (!secret.ok) throw new Error(`the secret of worker ${worker.id}: ${secret.error.message}`)
  worker.setSecret(secret.data)
  return created.data.id
}
