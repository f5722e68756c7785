// Building the webhook messages Pleo sends: `v1.export-job.created` with the seven-field job
// snapshot and `v1.vendor.created` with the vendor, each as the exact body bytes that will be
// signed and sent, with a fresh message id (the `webhook-id` every attempt repeats).
import { exportJobSnapshot, type JobRecord, type WebhookEventType } from '@fake-pleo/contract'
import type { IdGenerator } from '../ids.ts'
import type { OutgoingEvent } from '../store/webhook-store.ts'

export function outgoing(
  ids: Pick<IdGenerator, 'uuid' | 'messageId'>,
  companyId: string,
  eventType: WebhookEventType,
  data: unknown,
): OutgoingEvent {
  const body = JSON.stringify({ data, eventId: ids.uuid(), eventType })
  return { companyId, eventType, webhookId: ids.messageId(), body }
}

export function jobCreated(
  ids: Pick<IdGenerator, 'uuid' | 'messageId'>,
  job: JobRecord,
): OutgoingEvent {
  return outgoing(ids, job.companyId, 'v1.export-job.created', exportJobSnapshot(job))
}
