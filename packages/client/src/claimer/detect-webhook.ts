// The webhook detector: a Hono app that wakes the claimer when Pleo says an export job was created.
// It verifies the Svix signature on the raw body with `verifyWebhook` (401 {type: 'UNAUTHORIZED',
// message} otherwise), forgets nothing it has verified within a bounded window of webhook-ids so a
// redelivery does not wake the worker twice, answers 204 at once and only then, on a later turn of
// the event loop, calls `onJob`: the webhook is a hint to look, never the work itself (the claimer
// lists, verifies and claims). Other event types are answered 204 and ignored. A body in the doc
// example's wrapped shape ({webhook-id, …, payload}) is read from its `payload`. `POST /trigger` on
// the same app is the ad hoc trigger: 202 and a wake.
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { webhookPayload } from '@fake-pleo/contract'
import { verifyWebhook, webhookHeader } from '../verify-webhook.ts'

export type WebhookVerdict = 'wake' | 'duplicate' | 'ignored' | 'rejected' | 'trigger'

export type WebhookSeen = {
  verdict: WebhookVerdict
  webhookId?: string
  eventType?: string
  /** `data.id` of the body: the export job's id. */
  jobId?: string
  reason?: string
}

export type WebhookDetectorOptions = {
  /** The subscription's `whsec_` secrets (several during a rotation). */
  secrets: string | readonly string[]
  /** Wakes the worker; called after the response, never during the request. */
  onJob: (reason: string) => void
  /** Told about every request the detector judged (for logs). */
  onSeen?: (seen: WebhookSeen) => void
  /** Epoch ms (default Date.now). */
  now?: () => number
  /** How far webhook-timestamp may be from `now`, in seconds (default 300). */
  toleranceSeconds?: number
  /** How many webhook-ids to remember for de-duplication (default 10000). */
  remember?: number
  /** Path deliveries are POSTed to (default '/'). */
  path?: string
  /** Runs `onJob` later (default setImmediate). */
  defer?: (fn: () => void) => void
}

const jobCreated = 'v1.export-job.created'
const maxBodyBytes = 1024 * 1024

function field(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const found = (value as Record<string, unknown>)[key]
  return typeof found === 'string' ? found : undefined
}

function data(payload: unknown): unknown {
  return typeof payload === 'object' && payload !== null
    ? (payload as Record<string, unknown>).data
    : undefined
}

export function createWebhookDetector(options: WebhookDetectorOptions): Hono {
  const remember = options.remember ?? 10_000
  const defer = options.defer ?? ((fn: () => void) => void setImmediate(fn))
  const seenIds = new Set<string>()
  const tell = (seen: WebhookSeen) => options.onSeen?.(seen)
  const wake = (reason: string) => defer(() => options.onJob(reason))

  const app = new Hono()
  app.post('/trigger', (c) => {
    tell({ verdict: 'trigger' })
    wake('ad hoc trigger')
    return c.json({ triggered: true }, 202)
  })
  app.post(
    options.path ?? '/',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => c.json({ type: 'PAYLOAD_TOO_LARGE', message: 'body too large' }, 413),
    }),
    async (c) => {
      const raw = await c.req.text()
      const verified = verifyWebhook(raw, c.req.raw.headers, options.secrets, {
        ...(options.now ? { now: options.now } : {}),
        ...(options.toleranceSeconds !== undefined
          ? { toleranceSeconds: options.toleranceSeconds }
          : {}),
      })
      if (!verified.ok) {
        tell({ verdict: 'rejected', reason: verified.reason })
        return c.json({ type: 'UNAUTHORIZED', message: verified.reason }, 401)
      }
      const webhookId = webhookHeader(c.req.raw.headers, 'id') ?? ''
      const payload = webhookPayload(verified.payload)
      const eventType = field(payload, 'eventType')
      const jobId = field(data(payload), 'id')
      const about = {
        webhookId,
        ...(eventType !== undefined ? { eventType } : {}),
        ...(jobId !== undefined ? { jobId } : {}),
      }
      if (seenIds.has(webhookId)) {
        tell({ verdict: 'duplicate', ...about })
        return c.body(null, 204)
      }
      seenIds.add(webhookId)
      if (seenIds.size > remember) {
        const oldest = seenIds.values().next()
        if (!oldest.done) seenIds.delete(oldest.value)
      }
      if (eventType !== jobCreated) {
        tell({ verdict: 'ignored', ...about })
        return c.body(null, 204)
      }
      tell({ verdict: 'wake', ...about })
      wake(`webhook ${webhookId}${jobId ? ` (job ${jobId})` : ''}`)
      return c.body(null, 204)
    },
  )
  return app
}
