// A contract tour of the fake, as integrations and a bookkeeper would walk it: every operation of
// Pleo's API the fake serves (v3 and v2 export jobs, events, job items and export items; the
// Subscriptions API), driven to every status the fake can give it. Each answer is held to the
// project's own zod schemas read strictly (no unknown key at any depth, no null where the spec's
// field is not nullable, required fields present), to Pleo's media type, to empty 202/204 bodies,
// and, for refusals and reads, to an unchanged store. Then the (operation, status) pairs produced
// are set against what /openapi.json declares for Pleo's operations. The tour is a table of steps
// (test/contract-tour/*), one leg per file. In-process, manual clocks, seeded ids and faults.
import { afterAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  exportItemV3Schema,
  exportJobItemStatuses,
  exportJobStatuses,
  exportJobV3Schema,
} from '@fake-pleo/contract'
import { compare, declaredResponses } from './contract-tour/coverage.ts'
import { deepStrict } from './contract-tour/deep-strict.ts'
import { faultSteps, unknownPathSteps, wrongMethodSteps } from './contract-tour/faults.ts'
import { checkAnswer, runStep, stepName, type Step } from './contract-tour/runner.ts'
import { subscriptionsLeg } from './contract-tour/subscriptions.ts'
import { closeTour, createTour } from './contract-tour/tour.ts'
import { v2Lifecycle, v2SpecExpiry } from './contract-tour/v2-lifecycle.ts'
import { v2Processing } from './contract-tour/v2-processing.ts'
import { v2Queue } from './contract-tour/v2-queue.ts'
import { v3Lifecycle } from './contract-tour/v3-lifecycle.ts'
import { v3Processing } from './contract-tour/v3-processing.ts'
import { v3Queue } from './contract-tour/v3-queue.ts'
import { v3SpecExpiry } from './contract-tour/v3-spec-expiry.ts'

const legs: [string, Step[]][] = [
  ['v3: reading the queue', v3Queue],
  ['v3: claiming, reporting, finishing', v3Processing],
  ['v3: creating, failing, expiring', v3Lifecycle],
  ['v3 with --expired-status failed', v3SpecExpiry],
  ['v2: reading the queue', v2Queue],
  ['v2: claiming, reporting, finishing', v2Processing],
  ['v2: creating, failing, expiring', v2Lifecycle],
  ['v2 with --expired-status failed', v2SpecExpiry],
  ['Subscriptions API', subscriptionsLeg],
]
const ops = [...new Set(legs.flatMap(([, steps]) => steps.map((s) => s.op)))]
legs.push(
  ['injected faults on every operation', faultSteps(ops)],
  ['wrong methods and unknown paths', [...wrongMethodSteps(ops), ...unknownPathSteps]],
)

const tour = createTour()
afterAll(() => closeTour(tour))

describe('deepStrict, the reading the tour holds answers to', () => {
  const job = {
    id: '4e3e9b87-45c8-4426-b046-1a11cbd77c03',
    companyId: '12abc3d4-e567-890e-1234-abc56e78fabc',
    status: 'pending',
    createdAt: '2025-03-03T09:00:00Z',
    expiresIn: 3600,
    isInteractive: true,
    numberOfItems: 1,
    vendorBasedBookkeeping: false,
  }
  const page = z.object({ data: z.array(exportJobV3Schema) })

  it('refuses an unknown key at any depth, where the contract schema strips it', () => {
    expect(page.safeParse({ data: [{ ...job, extra: 1 }] }).success).toBe(true)
    const issues = deepStrict(page).safeParse({ data: [{ ...job, extra: 1 }] }).error?.issues
    expect(issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['extra'] }),
    ])
    expect(deepStrict(page).parse({ data: [job] })).toEqual({ data: [job] })
  })

  it('keeps nullability, required fields and refinements', () => {
    const strict = deepStrict(page)
    expect(strict.safeParse({ data: [{ ...job, failureReasonType: null }] }).success).toBe(false)
    expect(strict.safeParse({ data: [{ ...job, failureReason: null }] }).success).toBe(true)
    expect(strict.safeParse({ data: [{ ...job, expiresIn: undefined }] }).success).toBe(false)
    const vendor = deepStrict(exportItemV3Schema.shape.vendor.unwrap().unwrap())
    const base = { id: job.id, name: 'SAS', defaultCurrency: 'SEK' }
    expect(vendor.safeParse({ ...base, externalId: 'ERP-7731' }).success).toBe(true)
    expect(vendor.safeParse({ ...base, externalId: null }).success).toBe(false)
    expect(vendor.safeParse({ ...base, note: 'x' }).success).toBe(false)
    // The supplier's country is Pleo's enum refined to two letters: the refinement survives.
    const supplier = deepStrict(exportItemV3Schema.shape.supplier.unwrap().unwrap())
    expect(supplier.safeParse({ country: 'DK' }).success).toBe(true)
    expect(supplier.safeParse({ country: 'UNDEFINED' }).success).toBe(false)
  })
})

describe('the tour fails an answer that departs from the contract', () => {
  const job = {
    id: '4e3e9b87-45c8-4426-b046-1a11cbd77c03',
    companyId: '12abc3d4-e567-890e-1234-abc56e78fabc',
    status: 'expired',
    createdAt: '2025-03-03T09:00:00Z',
    createdBy: null,
    expiresIn: 3600,
    isInteractive: true,
    numberOfItems: 1,
    vendorBasedBookkeeping: false,
  }
  const json = { 'content-type': 'application/json;charset=UTF-8' }
  const getJob: Step = { op: 'GET /v3/export-jobs/{jobId}', status: 200, why: '' }
  const event: Step = { op: 'POST /v3/export-job-events', status: 202, why: '' }
  const notFound: Step = { ...getJob, status: 404, error: 'EXPORT_NOT_FOUND' }
  const check = (
    step: Step,
    body: unknown,
    headers: Record<string, string> = json,
    expiredStatus: 'expired' | 'failed' = 'expired',
  ) => {
    const text = body === undefined ? '' : JSON.stringify(body)
    return () => checkAnswer(expiredStatus, step, new Response(text || null, { headers }), text)
  }

  it('passes answers that keep it', () => {
    expect(check(getJob, { data: job })).not.toThrow()
    expect(check(event, undefined, { 'content-length': '0' })).not.toThrow()
    expect(
      check(notFound, { type: 'EXPORT_NOT_FOUND', message: 'Export job not found.' }),
    ).not.toThrow()
  })

  it('fails unknown keys, null for an optional field, missing fields, enums beyond the spec', () => {
    expect(check(getJob, { data: { ...job, note: 'x' } })).toThrow(/departs from the contract/)
    expect(check(getJob, { data: job, meta: {} })).toThrow(/departs from the contract/)
    expect(check(getJob, { data: { ...job, failureReasonType: null } })).toThrow(/departs/)
    expect(check(getJob, { data: { ...job, isInteractive: undefined } })).toThrow(/departs/)
    expect(check(getJob, { data: job }, json, 'failed')).toThrow(/departs/)
  })

  it('holds v2 answers to the v2 schemas: nullable failureReasonType, v2 enums only', () => {
    const getJobV2: Step = { ...getJob, op: 'GET /v2/export-jobs/{jobId}' }
    const itemsV2: Step = { ...getJob, op: 'GET /v2/export-jobs/{jobId}/items' }
    const page = (item: object) => ({
      data: [item],
      pagination: {
        currentRequestPagination: { parameters: {} },
        hasNextPage: false,
        hasPreviousPage: false,
      },
    })
    const item = {
      accountingEntryId: job.id,
      exportJobId: job.id,
      status: 'failed',
      failureReasonType: 'invalid_configuration',
    }
    expect(check(getJobV2, { data: { ...job, failureReasonType: null } })).not.toThrow()
    expect(check(getJobV2, { data: { ...job, note: 'x' } })).toThrow(/departs from the contract/)
    expect(check(getJobV2, { data: job }, json, 'failed')).toThrow(/departs/)
    expect(check(itemsV2, page(item))).not.toThrow()
    expect(check(itemsV2, page({ ...item, failureReasonType: null }))).not.toThrow()
    expect(check(itemsV2, page({ ...item, failureReasonType: 'tag_unknown' }))).toThrow(/departs/)
  })

  it("fails a media type other than Pleo's, and a body on a bodiless answer", () => {
    expect(check(getJob, { data: job }, { 'content-type': 'application/json' })).toThrow()
    expect(check(event, {}, { ...json, 'content-length': '2' })).toThrow()
    expect(check(event, undefined, {})).toThrow()
  })

  it('fails an error body that is not exactly ExceptionInfo, or of another type', () => {
    expect(check(notFound, { type: 'EXPORT_NOT_FOUND' })).toThrow(/not ExceptionInfo/)
    expect(check(notFound, { type: 'NOPE', message: 'x' })).toThrow(/not ExceptionInfo/)
    expect(check(notFound, { type: 'EXPORT_NOT_FOUND', message: 'x', status: 404 })).toThrow(
      /not ExceptionInfo/,
    )
    expect(check(notFound, { type: 'NOT_FOUND', message: 'x' })).toThrow()
  })
})

describe('the contract tour', () => {
  for (const [leg, steps] of legs) {
    describe(leg, () => {
      for (const step of steps) it(stepName(step), () => runStep(tour, step))
    })
  }

  it('reached every job status and every item status the fake can hold', () => {
    expect([...tour.seen.main.jobs].sort()).toEqual([...exportJobStatuses].sort())
    expect([...tour.seen.main.items].sort()).toEqual([...exportJobItemStatuses].sort())
    const pleoStatuses = exportJobStatuses.filter((s) => s !== 'expired')
    expect([...tour.seen.spec.jobs].sort()).toEqual(expect.arrayContaining(['failed', 'pending']))
    expect(pleoStatuses).toEqual(expect.arrayContaining([...tour.seen.spec.jobs]))
  })

  it("the fake's journal records exactly the tour's requests to Pleo's routes", () => {
    for (const f of Object.values(tour.fakes)) {
      const journal = f.fake.deps.store
        .listJournal(0, 1_000_000)
        .filter((e) => /^\/v[0-9]+\//.test(e.path))
        .map((e) => `${e.method} ${e.path} ${e.status}`)
      const produced = tour.outcomes
        .filter((o) => o.fake === f.name)
        .map((o) => `${o.method} ${o.path} ${o.status}`)
      expect(journal).toEqual(produced)
    }
  })

  it('produced every status /openapi.json declares for each of Pleo’s operations, and no other', async () => {
    const declared = await declaredResponses(tour.fakes.main)
    const result = compare(declared, tour.outcomes)
    expect(result.neverProduced, 'declared, never produced').toEqual([])
    expect(result.undeclared, 'produced, not declared').toEqual([])
    expect(result.faultsMissing, 'injected faults not produced').toEqual([])
    for (const pair of result.offDocument) {
      expect(pair, 'off the document: only 405 on a documented path or 404').toMatch(
        /^[A-Z]+ (\S+) (405|404)$/,
      )
    }
    expect([...declared.pleo.keys()].sort()).toEqual(expect.arrayContaining(ops))
  })
})
