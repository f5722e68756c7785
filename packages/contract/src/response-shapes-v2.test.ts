// Pleo's v2 job and item shapes field by field (ExportJob, ExportJobItem, ExportJobItemUpdate),
// written by hand from Pleo's v2 component schemas: a field may be left out exactly when the spec
// does not require it, and be `null` exactly when the spec marks it nullable. Where v2 differs
// from v3: failureReasonType is nullable on jobs and items (so the mappers send `null`), the item
// reasons are 14 (the four v3-only ones read as their documented v2 counterparts, and a v2 PUT
// body refuses them).
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { exportJobItemFailureReasonTypesV2, v3OnlyItemFailureReasonTypes } from './enums.ts'
import {
  exportJobItemUpdateV2Schema,
  exportJobItemV2Schema,
  strictExportJobItemV2Schema,
  toExportJobItemV2,
  toV2ItemFailureReason,
  updateExportJobItemV2Schema,
} from './export-job-item-v2.ts'
import type { JobItemRecord } from './export-job-item.ts'
import { exportJobV2Schema, strictExportJobV2Schema, toExportJobV2 } from './export-job-v2.ts'
import type { JobRecord } from './export-job.ts'

type Field = { required: boolean; nullable: boolean }
const required: Field = { required: true, nullable: false }
const optionalNullable: Field = { required: false, nullable: true }

const uuid = '12abc3d4-e567-890e-1234-abc56e78fabc'
const at = '2023-11-07T05:31:56Z'

const shapes: {
  name: string
  schema: z.ZodObject
  full: Record<string, unknown>
  fields: Record<string, Field>
}[] = [
  {
    name: 'ExportJob',
    schema: exportJobV2Schema,
    full: {
      id: uuid,
      companyId: uuid,
      status: 'failed',
      createdAt: at,
      createdBy: uuid,
      startedAt: at,
      completedAt: at,
      lastUpdatedAt: at,
      expiresIn: 3600,
      expiredAt: at,
      failureReason: 'The ERP was down',
      failureReasonType: 'accounting_system_unreachable',
      isInteractive: true,
      numberOfItems: 3,
      vendorBasedBookkeeping: false,
    },
    fields: {
      id: required,
      companyId: required,
      status: required,
      createdAt: required,
      createdBy: optionalNullable,
      startedAt: optionalNullable,
      completedAt: optionalNullable,
      lastUpdatedAt: optionalNullable,
      expiresIn: required,
      expiredAt: optionalNullable,
      failureReason: optionalNullable,
      failureReasonType: optionalNullable,
      isInteractive: required,
      numberOfItems: required,
      vendorBasedBookkeeping: required,
    },
  },
  {
    name: 'ExportJobItem',
    schema: exportJobItemV2Schema,
    full: {
      accountingEntryId: uuid,
      exportJobId: uuid,
      status: 'failed',
      exportedAt: at,
      externalId: 'JE-1',
      externalUrl: 'https://erp.example/je/1',
      failureReason: 'Account 7140 is locked',
      failureReasonType: 'invalid_configuration',
    },
    fields: {
      accountingEntryId: required,
      exportJobId: required,
      status: required,
      exportedAt: optionalNullable,
      externalId: optionalNullable,
      externalUrl: optionalNullable,
      failureReason: optionalNullable,
      failureReasonType: optionalNullable,
    },
  },
  {
    name: 'ExportJobItemUpdate',
    schema: exportJobItemUpdateV2Schema,
    full: { data: [], errors: [] },
    fields: { data: required, errors: required },
  },
]

for (const { name, schema, full, fields } of shapes) {
  describe(`${name} (v2) as the spec defines it`, () => {
    it('has exactly the spec’s fields and accepts a full example', () => {
      expect(Object.keys(schema.shape).sort()).toEqual(Object.keys(fields).sort())
      expect(schema.safeParse(full).success).toBe(true)
    })

    for (const [field, { required: isRequired, nullable }] of Object.entries(fields)) {
      it(`${field}: ${isRequired ? 'required' : 'optional'}, ${nullable ? 'nullable' : 'never null'}`, () => {
        const without = Object.fromEntries(Object.entries(full).filter(([key]) => key !== field))
        expect(schema.safeParse(without).success, 'left out').toBe(!isRequired)
        expect(schema.safeParse({ ...full, [field]: null }).success, 'sent as null').toBe(nullable)
      })
    }
  })
}

const job: JobRecord = {
  id: uuid,
  companyId: uuid,
  status: 'pending',
  createdAt: Date.parse(at),
  createdBy: null,
  startedAt: null,
  completedAt: null,
  lastUpdatedAt: Date.parse(at),
  expiresIn: 3600,
  expiredAt: null,
  failureReason: null,
  failureReasonType: null,
  isInteractive: true,
  numberOfItems: 1,
  vendorBasedBookkeeping: false,
}

const item: JobItemRecord = {
  jobId: uuid,
  accountingEntryId: uuid,
  status: 'pending',
  exportedAt: null,
  externalId: null,
  externalUrl: null,
  failureReason: null,
  failureReasonType: null,
}

describe('toExportJobV2', () => {
  it('sends failureReasonType as null while the job has none (v3 leaves it out)', () => {
    const v2 = toExportJobV2(job)
    expect(strictExportJobV2Schema.parse(v2)).toEqual(v2)
    expect(JSON.parse(JSON.stringify(v2))).toHaveProperty('failureReasonType', null)
    expect(toExportJobV2({ ...job, failureReasonType: 'job_expired' }).failureReasonType).toBe(
      'job_expired',
    )
  })
})

describe('toExportJobItemV2 and the v3-only failure reasons', () => {
  it('sends failureReasonType as null while the item has none', () => {
    const v2 = toExportJobItemV2(item)
    expect(JSON.parse(JSON.stringify(v2))).toHaveProperty('failureReasonType', null)
  })

  it('has 14 reasons in v2: v3’s 18 without the four v3-only ones', () => {
    expect(exportJobItemFailureReasonTypesV2).toHaveLength(14)
    for (const reason of v3OnlyItemFailureReasonTypes) {
      expect(exportJobItemFailureReasonTypesV2).not.toContain(reason)
    }
  })

  it('reads each v3-only reason as its documented v2 counterpart', () => {
    const read = (reason: (typeof v3OnlyItemFailureReasonTypes)[number]) =>
      strictExportJobItemV2Schema.parse(
        toExportJobItemV2({ ...item, status: 'failed', failureReasonType: reason }),
      ).failureReasonType
    expect(read('vendor_unknown')).toBe('accounting_system_validation_failure')
    expect(read('account_unknown')).toBe('invalid_configuration')
    expect(read('tax_code_unknown')).toBe('invalid_configuration')
    expect(read('tag_unknown')).toBe('invalid_configuration')
  })

  it('keeps every reason v2 knows as it is', () => {
    for (const reason of exportJobItemFailureReasonTypesV2) {
      expect(toV2ItemFailureReason(reason)).toBe(reason)
    }
  })

  it('a v2 PUT body refuses the v3-only reasons, naming the v3 route', () => {
    const update = { accountingEntryId: uuid, status: 'failed' }
    for (const reason of v3OnlyItemFailureReasonTypes) {
      const result = updateExportJobItemV2Schema.safeParse({ ...update, failureReasonType: reason })
      expect(result.success, reason).toBe(false)
      expect(result.error?.issues[0]?.message).toContain(`'${reason}' exists only in v3`)
    }
    expect(
      updateExportJobItemV2Schema.safeParse({ ...update, failureReasonType: 'bogus' }).error
        ?.issues[0]?.message,
    ).toMatch(/^must be one of receipt_upload_failure, /)
    expect(
      updateExportJobItemV2Schema.safeParse({ ...update, failureReasonType: 'validation_failure' })
        .success,
    ).toBe(true)
  })
})
