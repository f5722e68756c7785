// The control API's faults: PUT /_sim/faults replaces the seed and rules (a bad rule is a 400
// and changes nothing), GET reads them, DELETE removes every rule. Fake-only; under /_sim.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import { faultConfigSchema, faultStateSchema } from '@fake-pleo/contract'
import type { AppEnv } from '../app-env.ts'
import type { ConfigurableFaultEngine } from '../faults/types.ts'
import { dataOf, errors, json } from '../http/schemas.ts'
import { fakeOnlyTags } from '../openapi-document.ts'

const tags = [fakeOnlyTags.control]

const faultsView = dataOf(faultStateSchema)

const howFaultsWork = [
  "Rules apply to Pleo's routes (/v3, /v2, /v1) and to receipt downloads (/receipts), never to /_sim, /docs or /openapi.json.",
  'An http rule `{target: "http", route?, latencyMs?, status?, retryAfter?, oversizedBytes?, probability?, count?}` holds matching requests for `latencyMs` (a number or `[min, max]`) and/or answers them with `status` (429, 500, 502, 503 or 504; `Retry-After` defaults to 1 with 429 and 503) without handling them, so they change nothing.',
  'On a route under /receipts (e.g. `GET /receipts/*`) a rule may also answer `status` 404 (RECEIPT_NOT_FOUND) or, with `oversizedBytes`, a 200 whose file is that many bytes long (the receipt, then filler, streamed) whatever size the export item declared.',
  'A webhook rule `{target: "webhook", kind, eventType?, delayMs?, probability?, count?}` applies `kind` (drop, duplicate, delay, reorder, bad-signature, stale-timestamp, wrong-secret) to matching delivery attempts.',
  '`probability` (default 1) is drawn from a generator seeded by `seed`; `count` spends the rule after that many firings. The same seed and the same requests give the same faults; setting rules restarts the sequence.',
  'Rules are tried in order: http latencies add up and the first status wins; the first webhook rule that fires decides the attempt. A request can also ask for its own fault with `Prefer: status=503`, `Prefer: delay=200` or both; that wins over the rules. The journal names the fault that fired on each request.',
].join('\n\n')

export function registerFaultRoutes(
  app: OpenAPIHono<AppEnv>,
  faults: ConfigurableFaultEngine,
): void {
  app.openapi(
    createRoute({
      method: 'put',
      path: '/_sim/faults',
      tags,
      summary: 'Set the fault rules',
      description: howFaultsWork,
      request: {
        body: { ...json(faultConfigSchema, 'The seed (optional) and the rules'), required: true },
      },
      responses: { 200: json(faultsView, 'The seed and rules now in force'), ...errors(400) },
    }),
    (c) => c.json({ data: faults.setRules(c.req.valid('json')) }, 200),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/_sim/faults',
      tags,
      summary: 'Read the fault rules',
      responses: { 200: json(faultsView, 'The seed and rules in force') },
    }),
    (c) => c.json({ data: faults.getRules() }, 200),
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/_sim/faults',
      tags,
      summary: 'Remove every fault rule',
      description: 'The seed returns to the one the server started with.',
      responses: { 200: json(faultsView, 'No rules') },
    }),
    (c) => c.json({ data: faults.clear() }, 200),
  )
}
