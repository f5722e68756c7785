// Fuzzing the whole app in-process: fast-check throws random methods, paths (known routes with
// real, random and garbage segments, percent-encoding junk, very long paths), query strings with
// repeated and garbage keys, headers (missing, garbage or valid credentials, any content type)
// and bodies (random JSON, malformed JSON, huge strings, arrays of item updates) at a fresh
// seeded fake with a manual clock (the export routes under /v3 and /v2 alike, receipts, OAuth and
// the docs assets). Whatever arrives, the fake must never answer 5xx, every error must be the
// catalogue's JSON `{type, message}` (OAuth's own shapes under /oauth), nothing may be logged as
// an unexpected error, the journal must record the request with the status it got, and a request
// that was refused (>= 400) must leave the state tables exactly as they were. FUZZ_RUNS=5000 digs
// deeper.
import { setImmediate as nextTurn } from 'node:timers/promises'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  encodeCursor,
  errorCodes,
  exportJobEvents,
  exportJobFailureReasonTypes,
  exportJobItemFailureReasonTypes,
  exportJobItemStatuses,
  exportJobStatuses,
} from '@fake-pleo/contract'
import { createFakePleo, type FakePleo, type Logger } from '@fake-pleo/server'

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`

/** The demo seed is deterministic, so one probe tells every run's job and entry ids. */
const probe = createFakePleo({ seed: 'demo', clock: 'manual' })
const probeState = probe.deps.store.snapshot()
const demoKey = probe.apiKey ?? ''
const demoCompany = probe.companyId ?? ''
const jobIds = (probeState.export_jobs ?? []).map((row) => String(row.id))
const entryIds = (probeState.export_job_items ?? []).map((row) => String(row.accounting_entry_id))
probe.close()

/** Some runs guard the control API with this admin token. */
const adminToken = 'fuzz-admin-token'

const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const

const percentJunk = [
  '%E0%A4%A',
  '%',
  '%%',
  '%zz',
  '%00',
  '%C0%AF',
  '%FF%FE',
  '%2F',
  '%252F',
  '..',
  '.',
  '%2e%2e',
  '%uD800',
  '\u00e9',
]

/** Printable ASCII, plus a little Latin-1 (what a Headers value may hold). */
const headerText = (maxLength: number) =>
  fc.string({
    unit: fc
      .oneof(
        { weight: 20, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
        { weight: 1, arbitrary: fc.integer({ min: 0xa0, max: 0xff }) },
      )
      .map((code) => String.fromCharCode(code)),
    maxLength,
  })

const garbage = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(...percentJunk),
  fc.array(fc.constantFrom(...percentJunk, 'a', '1', '-'), { maxLength: 8 }).map((a) => a.join('')),
)

const uuidLike = fc.oneof(
  fc.constantFrom(...jobIds, ...entryIds, demoCompany),
  fc.uuid(),
  fc.constant('00000000-0000-0000-0000-000000000000'),
  fc.constant(`${jobIds[0] ?? ''}x`),
  fc.constant((jobIds[0] ?? '').toUpperCase()),
)

const segment = fc.oneof(
  { weight: 4, arbitrary: uuidLike },
  { weight: 3, arbitrary: garbage },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 9000 }).map((n) => 'a'.repeat(n)) },
  { weight: 1, arbitrary: fc.constant('') },
)

const routes = [
  '/v3/export-jobs',
  '/v3/export-jobs/{id}',
  '/v3/export-jobs/{id}/items',
  '/v3/export-items',
  '/v3/export-job-events',
  '/v2/export-jobs',
  '/v2/export-jobs/{id}',
  '/v2/export-jobs/{id}/items',
  '/v2/export-items',
  '/v2/export-job-events',
  '/_sim/health',
  '/_sim/companies',
  '/_sim/export-jobs',
  '/_sim/export-job-events',
  '/_sim/clock',
  '/_sim/clock/advance',
  '/_sim/clock/set',
  '/_sim/journal',
  '/_sim/reset',
  '/_sim/faults',
  '/_sim/deliveries',
  '/_sim/deliveries/{id}/redeliver',
  '/_sim/vendors',
  '/_sim/export-items/{id}',
  '/receipts/{id}/{id}',
  '/oauth/authorize',
  '/oauth/token',
  '/v1/subscriptions',
  '/v1/subscriptions/{id}',
  '/v1/subscriptions/{id}/activities',
  '/v1/subscriptions/{id}/secret',
  '/v1/subscriptions/{id}/secret/rotate',
  '/openapi.json',
  '/docs',
  '/docs/{id}',
  '/',
  '/v3',
  '/v3/{id}',
  '/_sim/{id}',
  '/{id}/{id}',
]

const path = fc
  .oneof(
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...routes), segment) },
    {
      weight: 1,
      arbitrary: fc
        .array(segment, { minLength: 1, maxLength: 6 })
        .map((segments): [string, string] => [`/${segments.join('/')}`, '']),
    },
  )
  .chain(([template, id]) =>
    fc
      .constantFrom('', '/', '//', '/..', '%20', '?')
      .map((suffix) => template.replaceAll('{id}', id) + suffix),
  )

const queryKeys = [
  'limit',
  'after',
  'before',
  'offset',
  'statuses',
  'sorting_keys',
  'sorting_order',
  'company_id',
  'companyId',
  'job_id',
  'status',
  'event_types',
  'operation_types',
]

/** Names every plain object inherits: a lookup table keyed by user input must not find them. */
const prototypeNames = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']

const cursorValue = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.double())

const queryValue = fc.oneof(
  fc.integer({ min: -5, max: 1000 }).map(String),
  fc.constantFrom('0', '1', '100', '101', '999999999999', '9999999999999', '1e3', '-0', ' 1', ''),
  fc.array(cursorValue, { maxLength: 3 }).map(encodeCursor),
  fc.constantFrom(...exportJobStatuses, ...exportJobItemStatuses, 'ASC', 'DESC'),
  fc.constantFrom('createdAt', 'lastUpdatedAt', 'id', 'status', 'accountingEntryId', 'seq'),
  fc.constantFrom('updatedAt', 'operationType', 'ACTIVE', 'CREATE', 'v1.export-job.created'),
  fc.constantFrom(...prototypeNames),
  uuidLike,
  garbage,
)

const queryPairs = fc
  .array(
    fc.tuple(
      fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...queryKeys) },
        { weight: 1, arbitrary: fc.constantFrom(...prototypeNames) },
        { weight: 1, arbitrary: garbage },
      ),
      queryValue,
      fc.boolean(),
    ),
    { maxLength: 8 },
  )
  .map((pairs) =>
    pairs
      .map(([key, value, encode]) =>
        encode ? `${encodeURIComponent(key)}=${encodeURIComponent(value)}` : `${key}=${value}`,
      )
      .join('&'),
  )

const query = fc.oneof(
  { weight: 2, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: queryPairs },
)

const authorization = fc.oneof(
  { weight: 15, arbitrary: fc.constant(basic(demoKey)) },
  { weight: 2, arbitrary: fc.constant(undefined) },
  {
    weight: 3,
    arbitrary: fc.oneof(
      headerText(60),
      headerText(40).map((s) => `Basic ${s}`),
      headerText(40).map((s) => `Bearer ${s}`),
      fc.string({ maxLength: 40 }).map(basic),
      fc.constant(`Basic ${Buffer.from(demoKey).toString('base64')}`),
      fc.constant(`basic   ${Buffer.from(`${demoKey}:`).toString('base64')}`),
      fc.constant(`Basic ${Buffer.from(':').toString('base64')}`),
      fc.constant('Basic ===='),
      fc.constant('Bearer'),
      fc.constant(`Bearer ${adminToken}`),
      fc.constant('Basic'),
    ),
  },
)

const contentType = fc.oneof(
  { weight: 15, arbitrary: fc.constant('application/json') },
  { weight: 2, arbitrary: fc.constant(undefined) },
  {
    weight: 3,
    arbitrary: fc.oneof(
      fc.constantFrom(
        'application/json; charset=utf-8',
        'application/vnd.api+json',
        'APPLICATION/JSON',
        'text/plain',
        'text/json',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=xyz',
        'application/octet-stream',
        'application/jsonx',
        '*/*',
      ),
      headerText(40),
    ),
  },
)

const timestampText = fc.oneof(
  fc
    .date({
      min: new Date('1970-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    '2024-02-30T00:00:00Z',
    '2024-01-01T00:00:00+01:00',
    'yesterday',
    '0000-01-01T00:00:00Z',
  ),
)

const safeStringify = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? 'null'
  } catch {
    return 'null'
  }
}

/** Mostly well-formed values (so requests get past validation), sometimes anything. */
const mostly = <T>(good: fc.Arbitrary<T>, messy: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: messy })

const itemUpdate = mostly(
  fc.record(
    {
      accountingEntryId: fc.constantFrom(...entryIds),
      status: fc.constantFrom(...exportJobItemStatuses),
      exportedAt: fc.oneof(timestampText, fc.constant(null)),
      externalId: fc.oneof(fc.string({ maxLength: 20 }), fc.constant(null)),
      externalUrl: fc.oneof(fc.webUrl(), fc.constant(null)),
      failureReason: fc.oneof(fc.string({ maxLength: 20 }), fc.constant(null)),
      failureReasonType: fc.constantFrom(...exportJobItemFailureReasonTypes),
    },
    { requiredKeys: ['accountingEntryId', 'status'] },
  ),
  fc.record(
    {
      accountingEntryId: fc.oneof(uuidLike, garbage, fc.anything()),
      status: mostly(fc.constantFrom(...exportJobItemStatuses), garbage),
      exportedAt: fc.anything(),
      externalId: fc.oneof(fc.string({ maxLength: 1100 }), fc.integer()),
      externalUrl: fc.anything(),
      failureReason: fc.anything(),
      failureReasonType: garbage,
      extra: fc.anything(),
    },
    { requiredKeys: [] },
  ),
)

const itemUpdatesBody = fc
  .oneof(
    { weight: 4, arbitrary: fc.array(itemUpdate, { maxLength: 5 }) },
    { weight: 1, arbitrary: fc.array(itemUpdate, { minLength: 95, maxLength: 150 }) },
  )
  .map(safeStringify)

const eventBody = mostly(
  fc.record(
    {
      jobId: fc.constantFrom(...jobIds),
      event: fc.constantFrom(...exportJobEvents),
      failureReason: fc.string({ maxLength: 20 }),
      failureReasonType: fc.constantFrom(...exportJobFailureReasonTypes),
    },
    { requiredKeys: ['jobId', 'event'] },
  ),
  fc.record(
    {
      jobId: fc.oneof(uuidLike, fc.anything()),
      exportJobId: uuidLike,
      event: mostly(fc.constantFrom(...exportJobEvents), garbage),
      failureReason: fc.oneof(fc.string({ maxLength: 6000 }), fc.constant(null), fc.anything()),
      failureReasonType: mostly(fc.constantFrom(...exportJobFailureReasonTypes), garbage),
      extra: fc.anything(),
    },
    { requiredKeys: [] },
  ),
).map(safeStringify)

const messyJobBody = fc.record(
  {
    companyId: uuidLike,
    numberOfItems: fc.oneof(fc.integer({ min: -2, max: 2000 }), fc.double()),
    expiresIn: fc.oneof(fc.integer({ min: -10, max: 40 * 86_400 }), fc.double()),
    isInteractive: fc.anything(),
    createdBy: uuidLike,
    accountingEntryIds: fc.array(fc.oneof(uuidLike, fc.anything()), { maxLength: 6 }),
    employeeId: fc.anything(),
    options: fc.anything(),
    vendorBasedBookkeeping: fc.anything(),
  },
  { requiredKeys: [] },
)

/** POST /_sim/export-jobs: "press Export". */
const pressExportBody = mostly(
  fc.record(
    {
      companyId: fc.constant(demoCompany),
      numberOfItems: fc.integer({ min: 1, max: 20 }),
      expiresIn: fc.integer({ min: 1, max: 30 * 86_400 }),
      isInteractive: fc.boolean(),
      createdBy: fc.oneof(fc.uuid(), fc.constant(null)),
      vendorBasedBookkeeping: fc.boolean(),
    },
    { requiredKeys: ['companyId'] },
  ),
  messyJobBody,
).map(safeStringify)

/** POST /v3/export-jobs. */
const createJobBody = mostly(
  fc.record(
    {
      companyId: fc.constant(demoCompany),
      accountingEntryIds: fc.uniqueArray(fc.oneof(fc.constantFrom(...entryIds), fc.uuid()), {
        minLength: 1,
        maxLength: 6,
      }),
      employeeId: fc.oneof(fc.uuid(), fc.constant(null)),
      isInteractive: fc.boolean(),
      options: fc.record({ vendorBasedBookkeeping: fc.boolean() }),
    },
    { requiredKeys: ['companyId', 'accountingEntryIds'] },
  ),
  messyJobBody,
).map(safeStringify)

const companyBody = fc
  .record(
    {
      name: fc.string({ maxLength: 210 }),
      contraAccountsMissing: mostly(fc.boolean(), fc.anything()),
    },
    { requiredKeys: [] },
  )
  .map(safeStringify)

const advanceBody = fc
  .record({
    seconds: mostly(
      fc.integer({ min: 1, max: 40 * 86_400 }),
      fc.oneof(fc.double(), fc.integer({ min: -10, max: 4e8 }), fc.string()),
    ),
  })
  .map(safeStringify)

const setBody = fc.record({ now: timestampText }).map(safeStringify)

const anyBody = fc.oneof(
  { weight: 2, arbitrary: fc.json() },
  { weight: 2, arbitrary: fc.anything().map(safeStringify) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{',
      '{"jobId":',
      '[1,2',
      'nul',
      '',
      '"',
      '{}}',
      '\u0000',
      '[{"a":1},]',
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(10_000, 200_000, 1024 * 1024 + 1, 1_200_000)
      .map((n) => JSON.stringify('x'.repeat(n))),
  },
  { weight: 1, arbitrary: itemUpdatesBody },
  { weight: 1, arbitrary: eventBody },
  { weight: 1, arbitrary: fc.oneof(pressExportBody, createJobBody) },
  { weight: 1, arbitrary: fc.oneof(advanceBody, setBody, companyBody) },
)

/** The real routes with the body each expects: most requests are near misses of a valid call. */
const knownRoutes: [method: string, template: string, body: fc.Arbitrary<string> | undefined][] = [
  ['GET', '/v3/export-jobs', undefined],
  ['POST', '/v3/export-jobs', createJobBody],
  ['GET', '/v3/export-jobs/{id}', undefined],
  ['GET', '/v3/export-jobs/{id}/items', undefined],
  ['PUT', '/v3/export-jobs/{id}/items', itemUpdatesBody],
  ['GET', '/v3/export-items', undefined],
  ['POST', '/v3/export-job-events', eventBody],
  ['GET', '/v2/export-jobs', undefined],
  ['POST', '/v2/export-jobs', createJobBody],
  ['GET', '/v2/export-jobs/{id}', undefined],
  ['GET', '/v2/export-jobs/{id}/items', undefined],
  ['PUT', '/v2/export-jobs/{id}/items', itemUpdatesBody],
  ['GET', '/v2/export-items', undefined],
  ['POST', '/v2/export-job-events', eventBody],
  ['GET', '/_sim/health', undefined],
  ['POST', '/_sim/companies', companyBody],
  ['POST', '/_sim/export-jobs', pressExportBody],
  ['POST', '/_sim/export-job-events', eventBody],
  ['GET', '/_sim/clock', undefined],
  ['POST', '/_sim/clock/advance', advanceBody],
  ['POST', '/_sim/clock/set', setBody],
  ['GET', '/_sim/journal', undefined],
  ['POST', '/_sim/reset', undefined],
  ['GET', '/openapi.json', undefined],
  ['GET', '/docs', undefined],
]

const nearValid = fc
  .tuple(
    fc.constantFrom(...knownRoutes),
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...jobIds) },
      { weight: 2, arbitrary: segment },
    ),
    fc.oneof(
      { weight: 9, arbitrary: fc.constant('') },
      { weight: 1, arbitrary: fc.constantFrom('/', '//', '%20') },
    ),
    fc.oneof(
      { weight: 1, arbitrary: fc.constantFrom(...methods) },
      { weight: 6, arbitrary: fc.constant(undefined) },
    ),
    fc.oneof({ weight: 1, arbitrary: anyBody }, { weight: 5, arbitrary: fc.constant(undefined) }),
  )
  .chain(([[method, template, routeBody], id, suffix, otherMethod, otherBody]) =>
    fc.record({
      method: fc.constant(otherMethod ?? method),
      path: fc.constant(template.replaceAll('{id}', id) + suffix),
      body: otherBody !== undefined || routeBody === undefined ? fc.constant(otherBody) : routeBody,
    }),
  )

const wild = fc.record({
  method: fc.constantFrom(...methods),
  path,
  body: fc.oneof(fc.constant(undefined), anyBody),
})

/** Per-request faults (Prefer: status=…, delay=…), valid, malformed or absent. */
const prefer = fc.oneof(
  { weight: 8, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: fc
      .array(
        fc.oneof(
          fc.constantFrom(
            'status=503',
            'status=429',
            'status=500',
            'delay=0',
            'delay=1',
            'respond-async',
          ),
          fc
            .tuple(fc.constantFrom('status', 'delay', 'wait', ''), fc.string({ maxLength: 8 }))
            .map(([k, v]) => `${k}=${v}`),
          fc.string({ maxLength: 20 }),
        ),
        { maxLength: 3 },
      )
      .map((parts) => parts.join(', ')),
  },
)

const request = fc
  .tuple(
    fc.oneof({ weight: 4, arbitrary: nearValid }, { weight: 1, arbitrary: wild }),
    fc.record({
      query,
      authorization,
      contentType,
      prefer,
      /** A real HTTP client sends Content-Length with a body; usually mimic that. */
      contentLength: fc.constantFrom('exact', 'exact', 'exact', 'none'),
    }),
  )
  .map(([target, rest]) => ({ ...target, ...rest }))

/** The fidelity switches of the run's fake. */
const fidelity = fc.record({
  strict: fc.boolean(),
  lenient: fc.boolean(),
  strictTransitions: fc.boolean(),
  expiredStatus: fc.constantFrom('expired' as const, 'failed' as const),
  listOrder: fc.constantFrom('id' as const, 'created-asc' as const),
  adminToken: fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(adminToken) },
  ),
})

type FuzzRequest = typeof request extends fc.Arbitrary<infer T> ? T : never

/** The state tables, without the journal (every request appends) and meta (clock bookkeeping). */
function state(fake: FakePleo) {
  const tables = fake.deps.store.snapshot()
  delete tables.journal
  delete tables.meta
  return tables
}

function toInit(r: FuzzRequest): RequestInit {
  const headers: Record<string, string> = {}
  if (r.authorization !== undefined) headers.authorization = r.authorization
  if (r.contentType !== undefined) headers['content-type'] = r.contentType
  if (r.prefer !== undefined) headers.prefer = r.prefer
  const init: RequestInit = { method: r.method, headers }
  if (r.body !== undefined && r.method !== 'GET' && r.method !== 'HEAD') {
    init.body = r.body
    if (r.contentLength === 'exact') headers['content-length'] = String(Buffer.byteLength(r.body))
  }
  return init
}

function describeRequest(r: FuzzRequest): string {
  const body = r.body === undefined ? '' : ` body=${r.body.slice(0, 300)}`
  return `${r.method} ${r.path.slice(0, 300)}?${r.query.slice(0, 300)}${body}`
}

/** Sends one request and checks every invariant that must hold whatever it was. */
async function checkOne(fake: FakePleo, errors: string[], r: FuzzRequest): Promise<void> {
  const what = describeRequest(r)
  const before = state(fake)
  const lastJournalId = fake.deps.store.listJournal(0, 10_000).at(-1)?.id ?? 0
  const url = r.query === '' ? r.path : `${r.path}?${r.query}`
  const response = await fake.app.request(url, toInit(r))
  const text = await response.text()
  // The journal recorded this request with the status it got (reads of the journal excepted).
  const journaled = fake.deps.store.listJournal(lastJournalId, 10)
  // A 5xx is only ever a fault someone injected (PUT /_sim/faults or Prefer), named in the journal.
  if (journaled[0]?.fault == null) {
    expect(response.status, `${what} → ${text.slice(0, 300)}`).toBeLessThan(500)
  }
  expect(errors, what).toEqual([])
  if (journaled.length === 0) expect(r.method, `${what} was not journaled`).toBe('GET')
  else {
    expect(journaled, what).toHaveLength(1)
    expect(journaled[0], what).toMatchObject({ method: r.method, status: response.status })
  }
  if (response.status < 400) return
  if (r.method !== 'HEAD' && r.path.startsWith('/oauth/')) checkOAuthError(response, text, what)
  else if (r.method !== 'HEAD') {
    expect(response.headers.get('content-type') ?? '', what).toMatch(/^application\/json/)
    const parsed = JSON.parse(text) as { type: unknown; message: unknown }
    expect(Object.keys(parsed).sort(), what).toEqual(['message', 'type'])
    expect(typeof parsed.type, what).toBe('string')
    expect(errorCodes, what).toContain(parsed.type)
    expect(typeof parsed.message, what).toBe('string')
  }
  expect(state(fake), `${what} answered ${response.status} but changed the state`).toEqual(before)
}

/**
 * The OAuth server's refusals follow OAuth 2.0 (RFC 6749), not the catalogue: the token endpoint
 * answers JSON `{error, error_description}`; the authorize endpoint shows an HTML error page
 * when it cannot redirect back.
 */
function checkOAuthError(response: Response, text: string, what: string): void {
  const type = response.headers.get('content-type') ?? ''
  if (type.startsWith('text/html')) {
    expect(text, what).toMatch(/<html/i)
    return
  }
  expect(type, what).toMatch(/^application\/json/)
  const parsed = JSON.parse(text) as { error?: unknown; type?: unknown }
  // Paths under /oauth that are no endpoint get the fake's usual 404/405 `{type, message}`.
  if ('type' in parsed) expect(errorCodes, what).toContain(parsed.type)
  else expect(typeof parsed.error, what).toBe('string')
}

function recordingLogger(errors: string[]): Logger {
  return {
    info() {},
    warn() {},
    error: (message, error) => void errors.push(`${message}: ${String(error)}`),
  }
}

describe('fuzzing the app in-process', () => {
  it('never answers 5xx, always errors as {type, message}, and refusals change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fidelity,
        fc.array(request, { minLength: 1, maxLength: 6 }),
        async (options, requests) => {
          const errors: string[] = []
          const log = recordingLogger(errors)
          // Webhooks stay queued: no delivery may reach a fuzzed endpoint URL or race the state checks.
          const fake = createFakePleo({
            ...options,
            seed: 'demo',
            clock: 'manual',
            log,
            webhookDelivery: 'off',
          })
          try {
            for (const r of requests) await checkOne(fake, errors, r)
          } finally {
            fake.close()
          }
          // In-process requests settle through promises alone, so without this the event loop
          // would not turn for the whole property (a minute or more on a loaded machine): the
          // worker's messages to vitest would wait behind it and vitest's 60 s RPC timer would
          // fire first ("Timeout calling onTaskUpdate"), failing a run whose tests all passed.
          await nextTurn()
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    )
  }, 180_000)
})
