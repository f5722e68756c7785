// The response schemas against Pleo's spec, field by field: which fields are required and which
// may be null (ExportJobV3, ExportJobItemV3, ExportJobItemUpdateV3 and its errors, CursorPageInfo
// and CursorPageCurrentRequestInfo). The tables are written by hand from the spec's component
// schemas. For every field: leaving it out is accepted exactly when the spec does not require it,
// and `null` is accepted exactly when the spec marks it nullable, so an optional non-nullable
// field such as failureReasonType fails the moment it is sent as null.
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  exportJobItemUpdateV3Schema,
  exportJobItemV3Schema,
  itemUpdateErrorSchema,
} from './export-job-item.ts'
import { exportJobV3Schema } from './export-job.ts'
import { pageInfoSchema } from './pagination.ts'

type Field = { required: boolean; nullable: boolean }
const required: Field = { required: true, nullable: false }
const optional: Field = { required: false, nullable: false }
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
    name: 'ExportJobV3',
    schema: exportJobV3Schema,
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
      failureReasonType: optional,
      isInteractive: required,
      numberOfItems: required,
      vendorBasedBookkeeping: required,
    },
  },
  {
    name: 'ExportJobItemV3',
    schema: exportJobItemV3Schema,
    full: {
      accountingEntryId: uuid,
      exportJobId: uuid,
      status: 'failed',
      exportedAt: at,
      externalId: 'JE-1',
      externalUrl: 'https://erp.example/je/1',
      failureReason: 'Account 7140 is locked',
      failureReasonType: 'account_unknown',
    },
    fields: {
      accountingEntryId: required,
      exportJobId: required,
      status: required,
      exportedAt: optionalNullable,
      externalId: optionalNullable,
      externalUrl: optionalNullable,
      failureReason: optionalNullable,
      failureReasonType: optional,
    },
  },
  {
    name: 'ExportJobItemUpdateV3',
    schema: exportJobItemUpdateV3Schema,
    full: { data: [], errors: [] },
    fields: { data: required, errors: required },
  },
  {
    name: 'ExportJobItemUpdateErrorV3',
    schema: itemUpdateErrorSchema,
    full: {
      accountingEntryId: uuid,
      message: 'Accounting entry does not exist.',
      type: 'ACCOUNTING_ENTRY_DOES_NOT_EXIST',
    },
    fields: { accountingEntryId: required, message: required, type: required },
  },
  {
    name: 'CursorPageInfo',
    schema: pageInfoSchema,
    full: {
      currentRequestPagination: { parameters: {} },
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: 'GE',
      endCursor: 'GE',
      total: 1,
    },
    fields: {
      currentRequestPagination: required,
      hasNextPage: required,
      hasPreviousPage: required,
      startCursor: optional,
      endCursor: optional,
      total: optional,
    },
  },
  {
    name: 'CursorPageCurrentRequestInfo',
    schema: pageInfoSchema.shape.currentRequestPagination,
    full: {
      parameters: { company_id: [uuid] },
      after: 'GE',
      before: 'GE',
      limit: 50,
      offset: 0,
      sortingKeys: ['createdAt'],
      sortingOrder: ['ASC'],
    },
    fields: {
      parameters: required,
      after: optional,
      before: optional,
      limit: optional,
      offset: optional,
      sortingKeys: optional,
      sortingOrder: optional,
    },
  },
]

for (const { name, schema, full, fields } of shapes) {
  describe(`${name} as the spec defines it`, () => {
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
