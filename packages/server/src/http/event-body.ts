// The export job event body as Pleo's route and the control API's both validate it: the
// contract's schema, with unknown fields refused under --strict and the how-to's `exportJobId`
// mapped to `jobId` under --lenient (aliases.ts journals and refuses it otherwise).
import { z } from '@hono/zod-openapi'
import { createExportJobEventSchema, normaliseEventAlias } from '@fake-pleo/contract'
import type { FidelityOptions } from '../options.ts'

/** The event body: unknown fields refused under --strict; `exportJobId` mapped under --lenient. */
export function eventBodySchema(options: Pick<FidelityOptions, 'strict' | 'lenient'>) {
  const body = options.strict ? createExportJobEventSchema.strict() : createExportJobEventSchema
  return options.lenient ? z.preprocess(normaliseEventAlias, body) : body
}
