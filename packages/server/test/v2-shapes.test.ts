// What /v2 answers, field by field, where v2 differs from v3 (each checked on the wire, on the
// raw JSON, next to what v3 answers for the same job or entry):
// - ExportJob.failureReasonType is `null` (present) while the job has none, on every job route;
// - ExportJobItem.failureReasonType is `null` while the item has none;
// - ExportItemV2 has no contraAccount and no tax accounts, has teamCode (the team's code), sends
//   subType as null when the entry has none, and leaves a missing vendor out (never null);
// - `expired` reads as in v3, and --expired-status failed gives Pleo's reading over v2 too.
// Every body is parsed with the strict v2 schemas besides.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { strictExportItemV3Schema, pageInfoSchema } from '@fake-pleo/contract'
import { seededIds } from '../src/index.ts'
import { inProcessFake } from './helpers.ts'
import {
  advance,
  applyEvent,
  jobBodySchema,
  pressExport,
  read,
  storedItems,
  type Fake,
} from './support.ts'
import {
  exportItemsV2Schema,
  itemV2ListSchema,
  itemV2UpdateSchema,
  jobV2BodySchema,
  jobV2ListSchema,
  sendEventOver,
} from './v2-support.ts'

const exportItemsV3Schema = z.object({
  data: z.array(strictExportItemV3Schema),
  pagination: pageInfoSchema,
})

/** The raw JSON of an answer (no schema in between that could add or drop a key). */
async function raw(response: Response, status: number): Promise<Record<string, unknown>> {
  const text = await response.text()
  expect(response.status, text).toBe(status)
  return JSON.parse(text) as Record<string, unknown>
}

/** Export items of a job over both versions, paired by entry. */
async function bothVersions(t: Fake, jobId: string) {
  const v2 = await read(await t.get(`/v2/export-items?job_id=${jobId}`), 200, exportItemsV2Schema)
  const v3 = await read(await t.get(`/v3/export-items?job_id=${jobId}`), 200, exportItemsV3Schema)
  const rawV2 = (await raw(await t.get(`/v2/export-items?job_id=${jobId}`), 200)).data as Record<
    string,
    unknown
  >[]
  expect(v2.data.map((i) => i.accountingEntryId)).toEqual(v3.data.map((i) => i.accountingEntryId))
  return v2.data.map((item, i) => ({ v2: item, v3: v3.data[i], raw: rawV2[i] ?? {} }))
}

describe('ExportJob (v2).failureReasonType', () => {
  it('is null, not left out, while the job has none: create, get, list (v3 leaves it out)', async () => {
    using t = inProcessFake()
    const job = await pressExport(t)
    const entries = storedItems(t, job.id).map((i) => i.accountingEntryId)
    const answers = [
      (await raw(await t.get(`/v2/export-jobs/${job.id}`), 200)).data,
      ...((await raw(await t.get('/v2/export-jobs'), 200)).data as unknown[]),
      (
        await raw(
          await t.send('POST', '/v2/export-jobs', {
            accountingEntryIds: entries.slice(0, 1),
            companyId: t.companyId,
          }),
          201,
        )
      ).data,
    ]
    expect(answers.length).toBeGreaterThan(3)
    for (const answer of answers) {
      expect(answer).toHaveProperty('failureReasonType', null)
      jobV2BodySchema.parse({ data: answer })
    }
    const v3 = await read(await t.get(`/v3/export-jobs/${job.id}`), 200, jobBodySchema)
    expect(v3.data).not.toHaveProperty('failureReasonType')
  })

  it('carries the reason once the job has one', async () => {
    using t = inProcessFake()
    const job = await pressExport(t)
    await applyEvent(t, job.id, 'failed', { failureReasonType: 'integration_unusable' })
    const got = await read(await t.get(`/v2/export-jobs/${job.id}`), 200, jobV2BodySchema)
    expect(got.data).toMatchObject({ status: 'failed', failureReasonType: 'integration_unusable' })
    const listed = await read(await t.get('/v2/export-jobs?statuses=failed'), 200, jobV2ListSchema)
    expect(listed.data.map((j) => j.failureReasonType)).toEqual(['integration_unusable'])
  })
})

describe('ExportJobItem (v2).failureReasonType', () => {
  it('is null while the item has none, on GET and PUT', async () => {
    using t = inProcessFake()
    const job = await pressExport(t, { numberOfItems: 2 })
    expect((await sendEventOver(t, 'v2', job.id, 'started')).status).toBe(202)
    const [a, b] = storedItems(t, job.id).map((i) => i.accountingEntryId)
    const put = await raw(
      await t.send('PUT', `/v2/export-jobs/${job.id}/items`, [
        { accountingEntryId: a, status: 'successful' },
        { accountingEntryId: b, status: 'failed', failureReasonType: 'receipt_upload_failure' },
      ]),
      200,
    )
    const got = await raw(await t.get(`/v2/export-jobs/${job.id}/items`), 200)
    itemV2UpdateSchema.parse(put)
    itemV2ListSchema.parse(got)
    for (const items of [put.data, got.data] as Record<string, unknown>[][]) {
      expect(items[0]).toHaveProperty('failureReasonType', null)
      expect(items[1]).toHaveProperty('failureReasonType', 'receipt_upload_failure')
    }
  })
})

describe('ExportItemV2', () => {
  it('has no contraAccount and no tax accounts where v3 has them', async () => {
    using t = inProcessFake()
    const job = await pressExport(t, { numberOfItems: 8, vendorBasedBookkeeping: true })
    const pairs = await bothVersions(t, job.id)
    expect(pairs.some(({ v3 }) => v3?.contraAccount)).toBe(true)
    const taxed = pairs.flatMap(({ v3 }) => v3?.accountingEntryLines ?? [])
    expect(taxed.some((line) => line.tax?.ingoingTaxAccount ?? line.tax?.outgoingTaxAccount)).toBe(
      true,
    )
    for (const { raw: item } of pairs) {
      expect(item).not.toHaveProperty('contraAccount')
      for (const line of item.accountingEntryLines as { tax?: object | null }[]) {
        expect(line.tax ?? {}).not.toHaveProperty('ingoingTaxAccount')
        expect(line.tax ?? {}).not.toHaveProperty('outgoingTaxAccount')
      }
    }
  })

  it('has teamCode, the code of the entry’s team (null without one)', async () => {
    using t = inProcessFake()
    const job = await pressExport(t, { numberOfItems: 8 })
    const pairs = await bothVersions(t, job.id)
    expect(pairs.some(({ v3 }) => v3?.team?.code)).toBe(true)
    for (const { v3, raw: item } of pairs) {
      expect(item).toHaveProperty('teamCode', v3?.team?.code ?? null)
      expect(item.team).toEqual(v3?.team)
    }
  })

  it('sends subType as null when the entry has none (v3 leaves it out), and the value otherwise', async () => {
    using t = inProcessFake({ ids: seededIds('v2-shapes:subType') })
    const job = await pressExport(t, { numberOfItems: 30 })
    const pairs = await bothVersions(t, job.id)
    const without = pairs.filter(({ v3 }) => v3 && !('subType' in v3))
    const withSubType = pairs.filter(({ v3 }) => v3?.subType)
    expect(without.length).toBeGreaterThan(0)
    expect(withSubType.length).toBeGreaterThan(0)
    for (const { raw: item } of without) expect(item).toHaveProperty('subType', null)
    for (const { v3, raw: item } of withSubType) expect(item.subType).toBe(v3?.subType)
  })

  it('leaves a missing vendor out (VendorV2 is not nullable) and keeps a present one', async () => {
    using t = inProcessFake({ ids: seededIds('v2-shapes:vendor') })
    const job = await pressExport(t, { numberOfItems: 12, vendorBasedBookkeeping: true })
    const pairs = await bothVersions(t, job.id)
    const none = pairs.filter(({ v3 }) => v3?.vendor === null)
    const some = pairs.filter(({ v3 }) => v3?.vendor)
    expect(none.length).toBeGreaterThan(0)
    expect(some.length).toBeGreaterThan(0)
    for (const { raw: item } of none) expect(item).not.toHaveProperty('vendor')
    for (const { v3, raw: item } of some) expect(item.vendor).toEqual(v3?.vendor)
  })

  it('keeps the shared fields as v3 has them: amounts, lines, supplier with country, user, files', async () => {
    using t = inProcessFake()
    const job = await pressExport(t, { numberOfItems: 6, vendorBasedBookkeeping: true })
    for (const { v2, v3 } of await bothVersions(t, job.id)) {
      expect(v2.amount).toEqual(v3?.amount)
      expect(v2.supplier).toEqual(v3?.supplier)
      expect(v2.user).toEqual(v3?.user)
      expect(v2.additionalInformation).toEqual(v3?.additionalInformation)
      expect(v2.bookkeeping).toEqual(v3?.bookkeeping)
      expect(v2.files?.map((f) => [f?.size, f?.type])).toEqual(
        v3?.files?.map((f) => [f?.size, f?.type]),
      )
      expect(v2.accountingEntryLines.map((l) => [l.account, l.tags, l.tax?.code])).toEqual(
        v3?.accountingEntryLines.map((l) => [l.account, l.tags, l.tax?.code]),
      )
    }
  })
})

describe('expiry over v2', () => {
  it('an expired job reads `expired` as in v3', async () => {
    using t = inProcessFake()
    const job = await pressExport(t, { expiresIn: 60 })
    await advance(t, 60)
    const got = await read(await t.get(`/v2/export-jobs/${job.id}`), 200, jobV2BodySchema)
    const v3 = await read(await t.get(`/v3/export-jobs/${job.id}`), 200, jobBodySchema)
    expect(got.data).toMatchObject({ status: 'expired', failureReasonType: 'job_expired' })
    expect(got.data).toEqual(v3.data)
    expect(got.data.expiredAt).not.toBeNull()
    const listed = await read(await t.get('/v2/export-jobs?status=expired'), 200, jobV2ListSchema)
    expect(listed.data.map((j) => j.id)).toEqual([job.id])
  })

  it("with --expired-status failed: Pleo's reading, and `expired` is refused as a filter", async () => {
    using t = inProcessFake({ expiredStatus: 'failed' })
    const job = await pressExport(t, { expiresIn: 60 })
    await advance(t, 60)
    const got = await read(await t.get(`/v2/export-jobs/${job.id}`), 200, jobV2BodySchema)
    expect(got.data).toMatchObject({ status: 'failed', failureReasonType: 'job_expired' })
    for (const query of ['status=expired', 'statuses=expired']) {
      const response = await t.get(`/v2/export-jobs?${query}`)
      expect(response.status, query).toBe(400)
      expect(await response.text()).toContain("'expired' is never held by this server")
    }
  })
})
