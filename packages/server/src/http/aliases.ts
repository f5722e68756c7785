// The how-tos' aliases (docs/decisions/0008-strict-requests-by-default.md). By default a request
// that spells the event body's `jobId` as `exportJobId`, or GET /v3/export-jobs' `company_id` as
// `companyId`, answers 400 naming the spec's name: a client copied from the how-to would never
// claim a job on Pleo. With `lenient` the alias is accepted. Either way the request's journal
// entry says which alias it used. These run before validation, so the message is this one.
import { requestAliases, type RequestAlias } from '@fake-pleo/contract'
import type { MiddlewareHandler } from 'hono'
import { ApiError } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { noteRequest } from './journal.ts'

function refused(alias: RequestAlias, where: string): ApiError {
  return new ApiError(
    'BAD_REQUEST',
    `${where} '${requestAliases[alias]}' is required (Pleo's spec spells it so); the how-to spelling '${alias}' is accepted only with --lenient`,
  )
}

/** POST …/export-job-events: refuses `exportJobId` unless lenient; notes it either way. */
export function eventBodyAlias(lenient: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const body: unknown = await c.req.json().catch(() => undefined)
    if (typeof body === 'object' && body !== null && 'exportJobId' in body) {
      noteRequest(c, { alias: 'exportJobId' })
      if (!lenient) throw refused('exportJobId', 'body field')
      const { jobId, exportJobId } = body as { jobId?: unknown; exportJobId: unknown }
      if (jobId !== undefined && jobId !== exportJobId) {
        throw new ApiError(
          'BAD_REQUEST',
          "body fields 'jobId' and 'exportJobId' name different jobs; send one of them",
        )
      }
    }
    await next()
  }
}

/** A query parameter alias (`companyId`): refused unless lenient; noted either way. */
export function queryAlias(lenient: boolean, alias: RequestAlias): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.queries(alias) !== undefined) {
      noteRequest(c, { alias })
      if (!lenient) throw refused(alias, 'query parameter')
    }
    await next()
  }
}
