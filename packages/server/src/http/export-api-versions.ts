// Pleo serves the same export jobs under two current versions of its Export API, /v3 and /v2.
// The fake registers each export route once per version from one definition and one handler: a
// version profile says only what differs on the wire (the path prefix, the response components
// and their mappers from the stored records, the PUT body, the deprecated singular `status` of
// v2's job list, and what the 400 of job creation and export items documents). The store, the
// state machine, auth, scopes, faults, the journal, aliases and the list cache are one.
// docs/decisions/0015-v2-export-routes.md says what differs and why.
import type { z } from '@hono/zod-openapi'
import {
  toExportItemV2,
  toExportJobItemV2,
  toExportJobItemV3,
  toExportJobV2,
  toExportJobV3,
  updateExportJobItemsBodySchema,
  updateExportJobItemsV2BodySchema,
  type ExportItemV3 as StoredExportItem,
  type JobItemRecord,
  type JobRecord,
  type UpdateExportJobItemV3,
} from '@fake-pleo/contract'
import {
  ExportItemV2,
  ExportItemV3,
  ExportJob,
  ExportJobItem,
  ExportJobItemUpdate,
  ExportJobItemUpdateV3,
  ExportJobItemV3,
  ExportJobV3,
} from './schemas.ts'

export type ExportApiVersion = {
  version: 'v2' | 'v3'
  /** The path prefix, e.g. `/v3`. */
  prefix: '/v2' | '/v3'
  job: { schema: z.ZodType; present: (job: JobRecord) => unknown }
  jobItem: { schema: z.ZodType; present: (item: JobItemRecord) => unknown }
  /** The answer of PUT …/items: `{data, errors}`. */
  itemUpdate: z.ZodType
  /** The PUT …/items body: a bare array of updates (v2's are v3's with fewer failure reasons). */
  updateBody: z.ZodType<UpdateExportJobItemV3[]>
  /** The PUT body's name in Pleo's document, for the reference page. */
  updateBodyName: string
  /** Export items: the stored (v3) item, its links and files already filled in, in this shape. */
  exportItem: { schema: z.ZodType; present: (item: StoredExportItem) => unknown }
  /** GET …/export-jobs also takes the deprecated singular `status` (v0 to v2). */
  singularStatus: boolean
  /** What the 400 of POST …/export-jobs and GET …/export-items documents. */
  contraAccounts400: string
}

export const exportApiV3: ExportApiVersion = {
  version: 'v3',
  prefix: '/v3',
  job: { schema: ExportJobV3, present: toExportJobV3 },
  jobItem: { schema: ExportJobItemV3, present: toExportJobItemV3 },
  itemUpdate: ExportJobItemUpdateV3,
  updateBody: updateExportJobItemsBodySchema,
  updateBodyName: 'UpdateExportJobItemV3[]',
  exportItem: { schema: ExportItemV3, present: (item) => item },
  singularStatus: false,
  contraAccounts400: 'BAD_REQUEST or MISSING_CONTRA_ACCOUNTS',
}

const exportApiV2: ExportApiVersion = {
  version: 'v2',
  prefix: '/v2',
  job: { schema: ExportJob, present: toExportJobV2 },
  jobItem: { schema: ExportJobItem, present: toExportJobItemV2 },
  itemUpdate: ExportJobItemUpdate,
  updateBody: updateExportJobItemsV2BodySchema,
  updateBodyName: 'UpdateExportJobItem[]',
  exportItem: { schema: ExportItemV2, present: toExportItemV2 },
  singularStatus: true,
  contraAccounts400:
    "BAD_REQUEST, or MISSING_CONTRA_ACCOUNTS as on v3 (Pleo's v2 document does not list it; see decision 0015)",
}

/** The versions of the Export API the fake serves, newest first. */
export const exportApiVersions: readonly ExportApiVersion[] = [exportApiV3, exportApiV2]
