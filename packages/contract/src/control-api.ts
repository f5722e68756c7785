// The wire shapes of the fake's control API (/_sim, DESIGN §4): what its routes take and answer,
// in one place for both sides. The server describes its journal, deliveries and clock answers
// with these schemas (their descriptions reach /openapi.json as zod metadata); the control client
// in @fake-pleo/client reads the same types, so neither side restates them. Fault rules, the
// other shape the control API shares, are in fault-rules.ts.
import { z } from 'zod'
import type { CreateExportJobEvent } from './export-job-event.ts'
import { webhookTimestampModes } from './webhooks.ts'

/** One request as the journal shows it (`GET /_sim/journal`), oldest first. */
export const journalRecordSchema = z.object({
  id: z.number(),
  /** When the request arrived (ISO timestamp). */
  at: z.string(),
  method: z.string(),
  path: z.string(),
  query: z.string(),
  status: z.number(),
  companyId: z.string().nullable(),
  jobId: z.string().nullable(),
  event: z.string().nullable(),
  fault: z.string().nullable().meta({
    description:
      'The injected fault, e.g. `status=503 (rule 0)` (the request then did not happen).',
  }),
  alias: z.string().nullable().meta({
    description:
      "The how-to spelling the request used instead of Pleo's (`exportJobId`, `companyId`): accepted with --lenient, refused (400) without.",
  }),
  durationMs: z.number(),
})
export type JournalRecord = z.infer<typeof journalRecordSchema>

/** One webhook delivery attempt (`GET /_sim/deliveries`), oldest first. */
export const deliveryViewSchema = z.object({
  id: z.number(),
  webhookId: z.string(),
  subscriptionId: z.string(),
  eventType: z.string(),
  attempt: z.number(),
  /** When the attempt was made (ISO timestamp). */
  at: z.string(),
  /** The endpoint's answer; null when it did not answer. */
  status: z.number().nullable(),
  error: z.string().nullable(),
  /** The injected webhook fault (its label), if any. */
  fault: z.string().nullable(),
  durationMs: z.number(),
  /** When the message was queued (ISO timestamp). */
  queuedAt: z.string(),
})
export type DeliveryView = z.infer<typeof deliveryViewSchema>

/** The virtual clock (`GET /_sim/clock`, and the answer of advancing or setting it). */
export const clockViewSchema = z.object({
  now: z.string(),
  nowMs: z.number(),
  mode: z.enum(['system', 'manual']),
  webhookTimestamps: z.enum(webhookTimestampModes).meta({
    description:
      "What deliveries' `webhook-timestamp` follows: `wall` (real time, the default) or `virtual` (this clock).",
  }),
})
/** Servers older than `webhookTimestamps` leave it out (they sign with the virtual clock). */
export type ClockView = Omit<z.infer<typeof clockViewSchema>, 'webhookTimestamps'> &
  Partial<Pick<z.infer<typeof clockViewSchema>, 'webhookTimestamps'>>

/** `GET /_sim/health`. */
export type HealthView = { ok: true; version: string }

/** The body of `POST /_sim/companies`. */
export type CreateCompany = { name?: string; contraAccountsMissing?: boolean }

/** What `POST /_sim/companies` answers (its `oauthClient` and `scopes` are not read here). */
export type CreatedCompany = { company: { id: string; name: string }; apiKey: string }

/** What `POST /_sim/companies/{companyId}/api-keys` answers: another key of that company. */
export type CreatedApiKey = { apiKey: string; scopes: string[] }

/** The body of `POST /_sim/export-jobs`: pressing Export in Pleo's web app. */
export type PressExport = {
  companyId: string
  numberOfItems?: number
  createdBy?: string | null
  isInteractive?: boolean
  vendorBasedBookkeeping?: boolean
  expiresIn?: number
}

/** An event applied as another integration would (`POST /_sim/export-job-events`). */
export type ControlEvent = CreateExportJobEvent

/** The body of `POST /_sim/oauth/clients`. */
export type CreateOAuthClient = { companyId: string; redirectUris: string[]; scopes?: string[] }

/** An OAuth client registered through the control API; the secret is shown only here. */
export type OAuthClientView = {
  clientId: string
  clientSecret: string
  redirectUris: string[]
  scopes: string[]
}

/** The body of `POST /_sim/vendors` (sends `v1.vendor.created`). */
export type CreateVendor = {
  companyId: string
  name?: string
  country?: string
  defaultCurrency?: string
  registrationNumber?: string
}
