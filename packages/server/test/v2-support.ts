// Shared support for the /v2 test files: every v2 answer is parsed with the contract's strict v2
// schemas (so a field v2 does not define, or a null where v2 forbids one, fails the test), and
// small request helpers that name the version.
import { z } from 'zod'
import {
  pageInfoSchema,
  strictExportItemV2Schema,
  strictExportJobItemUpdateV2Schema,
  strictExportJobItemV2Schema,
  strictExportJobV2Schema,
} from '@fake-pleo/contract'
import type { Fake } from './support.ts'

export const jobV2BodySchema = z.object({ data: strictExportJobV2Schema }).strict()
export const jobV2ListSchema = z
  .object({ data: z.array(strictExportJobV2Schema), pagination: pageInfoSchema })
  .strict()
export const itemV2ListSchema = z
  .object({ data: z.array(strictExportJobItemV2Schema), pagination: pageInfoSchema })
  .strict()
export const itemV2UpdateSchema = strictExportJobItemUpdateV2Schema
export const exportItemsV2Schema = z
  .object({ data: z.array(strictExportItemV2Schema), pagination: pageInfoSchema })
  .strict()

export type Version = 'v2' | 'v3'

/** POST /{version}/export-job-events with the demo company's key. */
export function sendEventOver(
  t: Fake,
  version: Version,
  jobId: string,
  event: string,
  extra: Record<string, unknown> = {},
): Response | Promise<Response> {
  return t.send('POST', `/${version}/export-job-events`, { jobId, event, ...extra })
}
