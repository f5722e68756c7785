// Step builders the legs share: the operations' names (the export operations per API version,
// /v3 and /v2), refusals every operation of Pleo's gives (no credentials, a key or token the fake
// never issued, credentials without the scope), the body guards of operations that take one (a
// body over the size limit, a body that is not JSON), events and the refusals of a finished job
// over either version, and small readers of the fake's store for the checks.
import { expect } from 'vitest'
import { type ExportItemV2, type ExportItemV3, type JobItemRecord } from '@fake-pleo/contract'
import type { Call, Step } from './runner.ts'
import { exceptionInfo } from './schemas.ts'
import { bearerWithout, note, type FakeName, type Tour, type TourFake } from './tour.ts'

/** The export operations of one version of Pleo's Export API, as /openapi.json keys them. */
function exportApi<V extends 'v2' | 'v3'>(version: V) {
  return {
    jobs: `GET /${version}/export-jobs`,
    createJob: `POST /${version}/export-jobs`,
    job: `GET /${version}/export-jobs/{jobId}`,
    event: `POST /${version}/export-job-events`,
    items: `GET /${version}/export-jobs/{jobId}/items`,
    updateItems: `PUT /${version}/export-jobs/{jobId}/items`,
    exportItems: `GET /${version}/export-items`,
  } as const
}
export type ExportApi = ReturnType<typeof exportApi>

export const v3 = exportApi('v3')
export const v2 = exportApi('v2')

export const subscriptions = {
  list: 'GET /v1/subscriptions',
  create: 'POST /v1/subscriptions',
  get: 'GET /v1/subscriptions/{id}',
  update: 'PUT /v1/subscriptions/{id}',
  remove: 'DELETE /v1/subscriptions/{id}',
  activities: 'GET /v1/subscriptions/{id}/activities',
  secret: 'GET /v1/subscriptions/{id}/secret',
} as const

type Arrange = (tour: Tour) => Call | Promise<Call>

const arranged = async (tour: Tour, arrange?: Arrange): Promise<Call> =>
  (await arrange?.(tour)) ?? {}

/** The message of a validated error body. */
export const messageOf = (body: unknown) => exceptionInfo.parse(body).message

export function noCredentials(op: string, arrange?: Arrange): Step {
  return {
    op,
    status: 401,
    error: 'UNAUTHORIZED',
    why: 'no Authorization header',
    call: async (t) => ({ ...(await arranged(t, arrange)), headers: {} }),
  }
}

export function unknownKey(op: string, arrange?: Arrange): Step {
  return {
    op,
    status: 401,
    error: 'UNAUTHORIZED',
    why: 'an API key the fake never issued',
    call: async (t) => ({
      ...(await arranged(t, arrange)),
      headers: { authorization: `Basic ${Buffer.from('plp_not-a-key:').toString('base64')}` },
    }),
  }
}

export function unknownToken(op: string, arrange?: Arrange): Step {
  return {
    op,
    status: 401,
    error: 'UNAUTHORIZED',
    why: 'a bearer token the fake never issued',
    call: async (t) => ({
      ...(await arranged(t, arrange)),
      headers: { authorization: 'Bearer not-a-token-of-this-fake' },
    }),
  }
}

/** 403 for an OAuth token holding every scope but the one the operation needs. */
export function missingScope(op: string, scope: string, arrange?: Arrange): Step {
  return {
    op,
    status: 403,
    error: 'ACCESS_DENIED',
    why: `an OAuth token without ${scope}`,
    call: async (t) => ({
      ...(await arranged(t, arrange)),
      headers: await bearerWithout(t.fakes.main, scope),
    }),
    check: (_t, body) => expect(messageOf(body)).toContain(`needs the scope ${scope}`),
  }
}

/** 413 PAYLOAD_TOO_LARGE: a JSON body over the fake's 1 MiB limit. */
export function bodyTooLarge(op: string, arrange?: Arrange): Step {
  return {
    op,
    status: 413,
    error: 'PAYLOAD_TOO_LARGE',
    why: 'a body over the 1 MiB limit',
    call: async (t) => ({
      ...(await arranged(t, arrange)),
      body: { padding: 'x'.repeat(1_100_000) },
    }),
  }
}

/** 415 UNSUPPORTED_MEDIA_TYPE: a form-encoded body where JSON is expected. */
export function notJson(op: string, arrange?: Arrange): Step {
  return {
    op,
    status: 415,
    error: 'UNSUPPORTED_MEDIA_TYPE',
    why: 'a form-encoded body',
    call: async (t) => ({
      ...(await arranged(t, arrange)),
      raw: { contentType: 'application/x-www-form-urlencoded', text: 'jobId=1&event=started' },
    }),
  }
}

/** The job as the store holds it. */
export function storedJob(f: TourFake, id: string) {
  const job = f.fake.deps.store.getJob(id)
  if (!job) throw new Error(`job ${id} is not in the store`)
  return job
}

/** The job's export items as the store holds them (the v3 shape), in job order. */
function storedExportItems(f: TourFake, jobId: string): ExportItemV3[] {
  const job = storedJob(f, jobId)
  return f.fake.deps.store
    .listExportItems(
      { companyId: job.companyId, jobId },
      { limit: 1000, sort: [{ column: 'seq', desc: false }] },
    )
    .rows.map((r) => r.item)
}

/** The job's items as the store holds them, in job order. */
export function storedItems(f: TourFake, jobId: string): JobItemRecord[] {
  return f.fake.deps.store.listJobItems(jobId, undefined, {
    limit: 1000,
    sort: [{ column: 'seq', desc: false }],
  }).rows
}

/**
 * A page of v2 export items (already validated against the strict v2 schema) set against the
 * job's entries as the store holds them (v3's shape): v2 has the team's code beside the team,
 * `subType` as a nullable string (null when the entry has none), `vendor` only when there is one,
 * no contraAccount where v3 has one, and `_links.api` on /v2.
 */
export function expectV2ExportItems(f: TourFake, jobId: string, items: ExportItemV2[]): void {
  const stored = storedExportItems(f, jobId)
  expect(items.map((i) => i.accountingEntryId)).toEqual(stored.map((i) => i.accountingEntryId))
  items.forEach((item, i) => {
    const v3 = stored[i]
    expect(item).toMatchObject({ companyId: f.companyId, type: v3?.type, amount: v3?.amount })
    expect(item).toHaveProperty('teamCode', v3?.team?.code ?? null)
    expect(item).toHaveProperty('subType', v3?.subType ?? null)
    expect(item.vendor).toEqual(v3?.vendor ?? undefined)
    expect(item.additionalInformation).toEqual(v3?.additionalInformation)
    expect(v3).toHaveProperty('contraAccount')
    expect(item).not.toHaveProperty('contraAccount')
    const link = new URL(item._links.api?.exportItem ?? '')
    expect(link.pathname).toBe('/v2/export-items')
    expect(link.searchParams.get('job_id')).toBe(jobId)
  })
}

export const now = (f: TourFake) => f.fake.deps.clock.now()

/** An ISO 8601 date-time as the fake writes them: whole seconds, `Z`. */
export const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

/** A 202 event on the job noted as `name`, over `api` (v3 unless told). */
export function event(
  name: string,
  ev: string,
  why: string,
  extra: object = {},
  api: ExportApi = v3,
): Step {
  return {
    op: api.event,
    status: 202,
    why,
    call: (t) => ({ body: { jobId: note(t, name), event: ev, ...extra } }),
  }
}

/** A 422 INVALID_EXPORT_JOB_STATUS_CHANGE event on the job noted as `name`, over `api`. */
export function refusedEvent(name: string, ev: string, why: string, api: ExportApi = v3): Step {
  return {
    op: api.event,
    status: 422,
    error: 'INVALID_EXPORT_JOB_STATUS_CHANGE',
    why,
    call: (t) => ({ body: { jobId: note(t, name), event: ev } }),
  }
}

/**
 * A job that finished or expired refuses events (422), item updates and export items (422), on
 * the fake `on` (default `main`), over `api` (default v3).
 */
export function finished(
  name: string,
  why: string,
  { on = 'main', api = v3 }: { on?: FakeName; api?: ExportApi } = {},
): Step[] {
  return [
    { ...refusedEvent(name, 'completed', `completed on a job that ${why}`, api), on },
    {
      on,
      op: api.updateItems,
      status: 422,
      error: 'EXPORT_JOB_STATUS_UNPROCESSABLE',
      why: `item updates on a job that ${why}`,
      call: (t) => ({
        params: { jobId: note(t, name) },
        body: [
          {
            accountingEntryId: storedItems(t.fakes[on], note(t, name))[0]?.accountingEntryId,
            status: 'successful',
          },
        ],
      }),
    },
    {
      on,
      op: api.exportItems,
      status: 422,
      error: 'EXPORT_JOB_STATUS_UNPROCESSABLE',
      why: `export items of a job that ${why}`,
      call: (t) => ({ query: `job_id=${note(t, name)}` }),
    },
  ]
}
