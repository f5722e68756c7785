// Shared support for the HTTP test files: response schemas to parse bodies with (so a wrong shape
// fails the test), an error-body assertion, the database state minus the journal, a second
// company, "press Export" that insists on 201, events, journal reads and the fake's own records.
import { expect } from 'vitest'
import { z } from 'zod'
import {
  exportJobItemV3Schema,
  exportJobV3Schema,
  itemUpdateErrorSchema,
  pageInfoSchema,
  type ExportJobV3,
  type JobItemRecord,
} from '@fake-pleo/contract'
import { basicAuth } from './helpers.ts'
import type { inProcessFake } from './helpers.ts'

export type Fake = ReturnType<typeof inProcessFake>

/** A UUID-shaped id no test ever creates. */
export const unknownId = '00000000-0000-4000-8000-000000000000'

const jobSchema = exportJobV3Schema.strict()
export const jobBodySchema = z.object({ data: jobSchema }).strict()
export const jobListSchema = z.object({ data: z.array(jobSchema), pagination: pageInfoSchema })
export const itemListSchema = z.object({
  data: z.array(exportJobItemV3Schema.strict()),
  pagination: pageInfoSchema,
})
export const itemUpdateSchema = z
  .object({ data: z.array(exportJobItemV3Schema.strict()), errors: z.array(itemUpdateErrorSchema) })
  .strict()
const errorSchema = z.object({ type: z.string(), message: z.string().min(1) }).strict()
const journalSchema = z.object({
  data: z.array(
    z
      .object({
        id: z.number().int(),
        at: z.string(),
        method: z.string(),
        path: z.string(),
        query: z.string(),
        status: z.number().int(),
        companyId: z.string().nullable(),
        jobId: z.string().nullable(),
        event: z.string().nullable(),
        fault: z.string().nullable(),
        alias: z.string().nullable(),
        durationMs: z.number(),
      })
      .strict(),
  ),
})
export type JournalRow = z.infer<typeof journalSchema>['data'][number]

/** Parses a JSON response body with `schema` after checking the status. */
export async function read<T extends z.ZodType>(
  response: Response,
  status: number,
  schema: T,
): Promise<z.infer<T>> {
  const text = await response.text()
  expect(response.status, text).toBe(status)
  return schema.parse(JSON.parse(text))
}

/** Asserts an error answer `{type, message}` with this status and type; returns the message. */
export async function expectError(
  response: Response,
  status: number,
  type: string,
): Promise<string> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  const body = await read(response, status, errorSchema)
  expect(body.type).toBe(type)
  return body.message
}

/** Everything the fake stores except the request journal (which every request appends to). */
export function stateWithoutJournal(t: Fake): Record<string, unknown> {
  const state = t.store.snapshot()
  delete state.journal
  return state
}

export function now(t: Fake): number {
  return t.fake.deps.clock.now()
}

export async function createCompany(
  t: Fake,
  body: { name?: string; contraAccountsMissing?: boolean } = {},
) {
  const response = await t.send('POST', '/_sim/companies', body, {})
  const created = await read(
    response,
    201,
    z.object({
      data: z.object({
        company: z.object({ id: z.string(), name: z.string() }),
        apiKey: z.string(),
        oauthClient: z.object({ clientId: z.string(), clientSecret: z.string() }),
      }),
    }),
  )
  const { company, apiKey } = created.data
  return {
    companyId: company.id,
    name: company.name,
    apiKey,
    auth: { authorization: basicAuth(apiKey) },
  }
}

/** POST /_sim/export-jobs ("press Export"), insisting on 201. Defaults to the demo company. */
export async function pressExport(
  t: Fake,
  body: Record<string, unknown> = {},
): Promise<ExportJobV3> {
  const response = await t.send(
    'POST',
    '/_sim/export-jobs',
    { companyId: t.companyId, ...body },
    {},
  )
  return (await read(response, 201, jobBodySchema)).data
}

/** POST /v3/export-job-events with the demo company's key (or `headers`). */
export async function sendEvent(
  t: Fake,
  jobId: string,
  event: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = t.auth,
): Promise<Response> {
  return t.send('POST', '/v3/export-job-events', { jobId, event, ...extra }, headers)
}

/** Sends an event and insists on 202 with an empty body. */
export async function applyEvent(
  t: Fake,
  jobId: string,
  event: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const response = await sendEvent(t, jobId, event, extra)
  const text = await response.text()
  expect(response.status, text).toBe(202)
  expect(text).toBe('')
}

export async function advance(t: Fake, seconds: number): Promise<number> {
  const response = await t.control.advance(seconds)
  expect(response.status).toBe(200)
  return now(t)
}

export async function readJournal(t: Fake, after = 0): Promise<JournalRow[]> {
  return (await read(await t.get(`/_sim/journal?after=${after}&limit=1000`), 200, journalSchema))
    .data
}

export async function lastJournalEntry(t: Fake): Promise<JournalRow> {
  const entries = await readJournal(t)
  const last = entries[entries.length - 1]
  if (!last) throw new Error('the journal is empty')
  return last
}

/** The job as the store holds it; fails the test when it does not exist. */
export function storedJob(t: Fake, id: string) {
  const job = t.store.getJob(id)
  if (!job) throw new Error(`job ${id} is not in the store`)
  return job
}

/** The job's items as the store holds them, in job order. */
export function storedItems(t: Fake, jobId: string): JobItemRecord[] {
  return t.store.listJobItems(jobId, undefined, {
    limit: 10_000,
    sort: [{ column: 'seq', desc: false }],
  }).rows
}

/** The demo company's seeded jobs, by id. */
export async function demoJobs(t: Fake): Promise<ExportJobV3[]> {
  return (await read(await t.get('/v3/export-jobs'), 200, jobListSchema)).data
}

export function jobCount(t: Fake): number {
  return t.store.snapshot().export_jobs?.length ?? 0
}
