// HTTP fault injection for Pleo's routes (/v3, /v2, /v1) and receipt downloads (/receipts): asks
// the fault engine about each request, waits out any latency, and for a status fault answers
// `{type, message}` with that status (and Retry-After) without running the handler, so the
// request did not happen; a bad Prefer header answers 400. An oversized-file fault is left to the receipt handler, which reads it
// from the context. The fault's label goes into the journal either way.
import type { ErrorCode } from '@fake-pleo/contract'
import type { MiddlewareHandler } from 'hono'
import { ApiError } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import type { ConfigurableFaultEngine } from '../faults/types.ts'
import { noteRequest } from './journal.ts'

const codes: Record<number, ErrorCode> = {
  404: 'RECEIPT_NOT_FOUND',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
}

export function injectFaults(engine: ConfigurableFaultEngine): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const decision = engine.http({
      method: c.req.method,
      path: c.req.path,
      prefer: c.req.header('prefer'),
    })
    if (!decision.ok) throw new ApiError(decision.code, decision.message)
    const fault = decision.value
    if (!fault) return next()
    noteRequest(c, { fault: fault.label })
    c.set('oversizedBytes', fault.oversizedBytes)
    if (fault.latencyMs) await engine.sleep(fault.latencyMs)
    if (fault.status === undefined) return next()
    const code = codes[fault.status] ?? 'INTERNAL_ERROR'
    const headers: Record<string, string> =
      fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) }
    throw new ApiError(
      code,
      `Injected fault (${fault.label}): fake-pleo answered ${fault.status} without handling the request.`,
      headers,
    )
  }
}
