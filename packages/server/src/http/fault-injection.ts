// HTTP fault injection for Pleo's routes (/v3, /v2, /v1) and receipt downloads (/receipts): asks
// the fault engine about each request, waits out any latency, and for a status fault answers
// `{type, message}` with that status (and Retry-After) without running the handler, so the
// request did not happen; a bad Prefer header answers 400. An oversized-file fault is left to the receipt handler, which reads it
// from the context. The fault's label goes into the journal either way.
import type { ErrorCode } from '@fake-pleo/contract'
import { ApiError } from '../api-error.ts'
import type { ConfigurableFaultEngine, HttpFault } from '../faults/types.ts'
import { noteRequest } from './journal.ts'
import type { Step } from './request-frame.ts'

const codes: Record<number, ErrorCode> = {
  404: 'RECEIPT_NOT_FOUND',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
}

/** The fault step: nothing to do (and no promise) for a request no fault applies to. */
export function injectFaults(engine: ConfigurableFaultEngine): Step {
  return (c) => {
    const decision = engine.http({
      method: c.req.method,
      path: c.req.path,
      prefer: c.req.header('prefer'),
    })
    if (!decision.ok) throw new ApiError(decision.code, decision.message)
    const fault = decision.value
    if (!fault) return
    noteRequest(c, { fault: fault.label })
    c.set('oversizedBytes', fault.oversizedBytes)
    if (fault.latencyMs) return engine.sleep(fault.latencyMs).then(() => answerFault(fault))
    answerFault(fault)
  }
}

/** A status fault answers instead of the handler (by throwing its error); others let it run. */
function answerFault(fault: HttpFault): void {
  if (fault.status === undefined) return
  const code = codes[fault.status] ?? 'INTERNAL_ERROR'
  const headers: Record<string, string> =
    fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) }
  throw new ApiError(
    code,
    `Injected fault (${fault.label}): fake-pleo answered ${fault.status} without handling the request.`,
    headers,
  )
}
