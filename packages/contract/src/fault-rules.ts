// The fault rules `PUT /_sim/faults` and `fake-pleo serve --faults FILE` accept, as zod schemas.
// An HTTP rule holds matching requests (`latencyMs`) and/or answers them with a status instead of
// handling them; on receipt downloads (/receipts) it may also answer 404 or serve an oversized
// file (`oversizedBytes`). A webhook rule applies one of the dispatcher's fault kinds to matching
// delivery attempts. Either fires with `probability` (default 1, drawn from the seeded generator)
// and at most `count` times (default: no limit). Plain zod: descriptions are zod metadata, and the
// two rule schemas carry the `id` the fake's OpenAPI document names them by.
import { z } from 'zod'
import type { Result } from './errors.ts'
import { routeProblem, routeTargetsReceipts } from './fault-route-glob.ts'
import { eventTypeAliases } from './webhooks.ts'

/** What a webhook rule can do to a delivery attempt. */
export const webhookFaultKinds = [
  'drop',
  'duplicate',
  'delay',
  'reorder',
  'bad-signature',
  'stale-timestamp',
  'wrong-secret',
] as const
export type WebhookFaultKind = (typeof webhookFaultKinds)[number]

export const faultStatuses = [429, 500, 502, 503, 504] as const
export type FaultStatus = (typeof faultStatuses)[number]
/** Statuses a rule may answer with: a 404 only on receipt downloads. */
export const ruleStatuses = [404, ...faultStatuses] as const
/** The largest oversized receipt a rule can ask for (1 GiB), streamed, never held in memory. */
export const maxOversizedBytes = 1024 * 1024 * 1024

export const maxFaultDelayMs = 60_000
export const defaultFaultSeed = 'fake-pleo'

const millis = z.number().int().min(0).max(maxFaultDelayMs)
const duration = z
  .union(
    [
      millis,
      z
        .tuple([millis, millis])
        .refine(([min, max]) => min <= max, 'a range [min, max] needs min <= max'),
    ],
    {
      error: `must be whole milliseconds from 0 to ${maxFaultDelayMs}, or a range [min, max]`,
    },
  )
  .meta({ description: 'Milliseconds, or `[min, max]` drawn uniformly from the seed.' })

const probability = z
  .number()
  .min(0)
  .max(1)
  .optional()
  .meta({ description: 'Chance that a matching request fires the rule (default 1).' })

const count = z.number().int().min(1).max(1_000_000_000).optional().meta({
  description: 'Fire at most this many times, then the rule is spent (default: no limit).',
})

const knownEventType = (value: string) => Object.hasOwn(eventTypeAliases, value)

export const httpFaultRuleSchema = z
  .object({
    target: z.literal('http'),
    route: z
      .string()
      .max(500)
      .superRefine((route, ctx) => {
        const problem = routeProblem(route)
        if (problem) ctx.addIssue({ code: 'custom', message: problem })
      })
      .optional()
      .meta({
        description:
          '`[METHOD ]PATH`: `GET /v3/export-jobs`, `/v3/export-jobs/*`, `GET /receipts/*`. `*` is one path segment, or the rest at the end. Default: every request to /v3, /v2, /v1 and /receipts.',
      }),
    latencyMs: duration.optional(),
    status: z
      .union(
        ruleStatuses.map((status) => z.literal(status)),
        { error: `must be one of ${ruleStatuses.join(', ')}` },
      )
      .optional()
      .meta({
        description:
          'Answer with this status without handling the request (404 only on receipt downloads: a route under /receipts).',
      }),
    oversizedBytes: z
      .number()
      .int()
      .min(1)
      .max(maxOversizedBytes, `must be at most ${maxOversizedBytes} (1 GiB)`)
      .optional()
      .meta({
        description:
          'Receipt downloads only (a route under /receipts): answer 200 with a file of this many bytes, the real receipt followed by filler, whatever size the export item declared. Produces receipt_file_size_limit_exceeded on purpose.',
      }),
    retryAfter: z
      .number()
      .int()
      .min(0)
      .max(86_400)
      .optional()
      .meta({ description: 'Retry-After in seconds (default 1 with 429 and 503).' }),
    probability,
    count,
  })
  .strict()
  .superRefine((rule, ctx) => {
    const { latencyMs, status, oversizedBytes } = rule
    if (latencyMs === undefined && status === undefined && oversizedBytes === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'an http rule needs latencyMs, status or oversizedBytes',
      })
    }
    if (rule.retryAfter !== undefined && status === undefined) {
      ctx.addIssue({ code: 'custom', path: ['retryAfter'], message: 'only goes with status' })
    }
    if (oversizedBytes !== undefined && status !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['oversizedBytes'],
        message: 'does not go with status (the rule answers either a status or a file)',
      })
    }
    const onReceipts = rule.route !== undefined && routeTargetsReceipts(rule.route)
    if (status === 404 && !onReceipts) {
      ctx.addIssue({
        code: 'custom',
        path: ['status'],
        message:
          "404 applies only to receipt downloads: give a route under /receipts, e.g. 'GET /receipts/*'",
      })
    }
    if (oversizedBytes !== undefined && !onReceipts) {
      ctx.addIssue({
        code: 'custom',
        path: ['oversizedBytes'],
        message:
          "applies only to receipt downloads: give a route under /receipts, e.g. 'GET /receipts/*'",
      })
    }
  })
  .meta({ id: 'HttpFaultRule' })

export const webhookFaultRuleSchema = z
  .object({
    target: z.literal('webhook'),
    kind: z.enum(webhookFaultKinds, { error: `must be one of ${webhookFaultKinds.join(', ')}` }),
    eventType: z
      .string()
      .refine(knownEventType, {
        error: () => `must be one of ${Object.keys(eventTypeAliases).join(', ')}`,
      })
      .optional()
      .meta({ description: 'Only attempts of this event type (default: every event type).' }),
    delayMs: duration.optional().meta({ description: "With kind 'delay' (default 1000)." }),
    probability,
    count,
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.delayMs !== undefined && rule.kind !== 'delay') {
      ctx.addIssue({ code: 'custom', path: ['delayMs'], message: "only goes with kind 'delay'" })
    }
  })
  .meta({ id: 'WebhookFaultRule' })

export const faultRuleSchema = z.discriminatedUnion('target', [
  httpFaultRuleSchema,
  webhookFaultRuleSchema,
])

export const faultConfigSchema = z
  .object({
    seed: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: 'Seed for the fault generator (default: keep the current one).' }),
    rules: z.array(faultRuleSchema).max(100),
  })
  .strict()

export const faultStateSchema = z.object({ seed: z.string(), rules: z.array(faultRuleSchema) })

export type HttpFaultRule = z.infer<typeof httpFaultRuleSchema>
export type WebhookFaultRule = z.infer<typeof webhookFaultRuleSchema>
export type FaultRule = z.infer<typeof faultRuleSchema>
export type FaultConfig = z.infer<typeof faultConfigSchema>
export type FaultState = { seed: string; rules: FaultRule[] }

/** Validates a `{seed?, rules}` document (the `--faults` file); the message names each field. */
export function parseFaultConfig(value: unknown): Result<FaultConfig, 'BAD_REQUEST'> {
  const parsed = faultConfigSchema.safeParse(value)
  if (parsed.success) return { ok: true, value: parsed.data }
  const message = parsed.error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.map(String).join('.')
      return path === '' ? issue.message : `'${path}': ${issue.message}`
    })
    .join('; ')
  return { ok: false, code: 'BAD_REQUEST', message }
}
