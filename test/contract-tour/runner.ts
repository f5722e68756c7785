// Runs one step of the tour: builds the request from the step's operation (`METHOD /path` as
// /openapi.json names it) and call, sends it in-process, and holds the answer to Pleo's contract:
// the expected status; for a success, the strict body schema of that (operation, status) or an
// empty body (202 with Content-Length: 0, 204 with none); for an error, strict ExceptionInfo of the
// expected type, with WWW-Authenticate on 401 and Retry-After on 429; Pleo's media type
// `application/json;charset=UTF-8` on every JSON answer; and, for every error and every read,
// the fake's stored state unchanged. The outcome is recorded for the coverage check.
import { expect } from 'vitest'
import type { ErrorCode, ExpiredStatus } from '@fake-pleo/contract'
import { empty, exceptionInfo, successBodies } from './schemas.ts'
import type { FakeName, Tour, TourFake } from './tour.ts'

const jsonMediaType = 'application/json;charset=UTF-8'

export type Call = {
  /** Path parameters by name, e.g. `{ jobId }`. */
  params?: Record<string, string>
  query?: string
  /** Sent as JSON with Content-Type application/json. */
  body?: unknown
  /** Sent as is, with this Content-Type. */
  raw?: { contentType: string; text: string }
  /** Replace the demo company's API key (`{}` sends no credentials). */
  headers?: Record<string, string>
}

export type Step = {
  /** The operation, as the fake's /openapi.json keys it: `GET /v3/export-jobs/{jobId}`. */
  op: string
  status: number
  /** What the step shows, as a bookkeeper or an integration would say it. */
  why: string
  /** The fake it runs on (default `main`). */
  on?: FakeName
  /** The error's `type`, for a 4xx or 5xx. */
  error?: ErrorCode
  call?: (tour: Tour) => Call | Promise<Call>
  /** Checks on the answer (already validated) and on what the fake recorded. */
  check?: (tour: Tour, body: unknown, response: Response) => void | Promise<void>
}

type BodyRules = ReturnType<typeof successBodies>
const bodies = { expired: successBodies('expired'), failed: successBodies('failed') }

export const stepName = (s: Step) =>
  `${s.op} → ${s.status}${s.error ? ` ${s.error}` : ''}${s.on === 'spec' ? ' (--expired-status failed)' : ''}: ${s.why}`

function fillPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined) throw new Error(`no value for path parameter {${name}}`)
    return encodeURIComponent(value)
  })
}

function requestInit(f: TourFake, method: string, call: Call): RequestInit {
  const headers: Record<string, string> = { ...(call.headers ?? f.auth) }
  let body: string | undefined
  if (call.raw) {
    headers['content-type'] = call.raw.contentType
    body = call.raw.text
  } else if (call.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(call.body)
  }
  return { method, headers, ...(body === undefined ? {} : { body }) }
}

/** Checks a success answer against the (operation, status) rule; returns the parsed body. */
function checkSuccess(rules: BodyRules, step: Step, response: Response, text: string): unknown {
  const rule = rules[step.op]?.[step.status]
  if (rule === undefined) throw new Error(`no body rule for ${step.op} ${step.status}`)
  if (rule === empty) {
    expect(text, 'a bodiless answer').toBe('')
    expect(response.headers.get('content-type')).toBeNull()
    expect(response.headers.get('content-length')).toBe(step.status === 204 ? null : '0')
    return undefined
  }
  expect(response.headers.get('content-type')).toBe(jsonMediaType)
  const parsed = rule.safeParse(JSON.parse(text))
  if (!parsed.success) {
    expect.fail(`${step.op} ${step.status} departs from the contract: ${parsed.error.message}`)
  }
  return parsed.data
}

function checkError(step: Step, response: Response, text: string): unknown {
  expect(response.headers.get('content-type')).toBe(jsonMediaType)
  const parsed = exceptionInfo.safeParse(JSON.parse(text))
  if (!parsed.success) expect.fail(`not ExceptionInfo: ${parsed.error.message}\n${text}`)
  if (step.error) expect(parsed.data.type).toBe(step.error)
  if (step.status === 401) expect(response.headers.get('www-authenticate')).toMatch(/Basic/)
  if (step.status === 429) expect(response.headers.get('retry-after')).toMatch(/^\d+$/)
  return parsed.data
}

/**
 * Holds an answer (its status already checked) to the contract of `step`, on a fake that reads
 * expired jobs as `expiredStatus`; returns the validated body (undefined when there is none).
 */
export function checkAnswer(
  expiredStatus: ExpiredStatus,
  step: Step,
  response: Response,
  text: string,
): unknown {
  return step.status < 300
    ? checkSuccess(bodies[expiredStatus], step, response, text)
    : checkError(step, response, text)
}

/** The `status` of each resource in a validated answer's `data` (one resource or a list). */
function statusesIn(body: unknown): string[] {
  const data = (body as { data?: unknown }).data
  const list: unknown[] = Array.isArray(data) ? data : [data]
  return list.flatMap((r) => {
    const status = (r as { status?: unknown } | undefined)?.status
    return typeof status === 'string' ? [status] : []
  })
}

/** Job and item statuses in a validated answer (any API version), so the tour can show it
 * reached every one. */
function noteStatuses(tour: Tour, f: TourFake, op: string, body: unknown): void {
  const seen = tour.seen[f.name]
  const route = op.replace(/ \/v\d+\//, ' /')
  const jobRoutes = ['GET /export-jobs', 'POST /export-jobs', 'GET /export-jobs/{jobId}']
  const itemRoutes = ['GET /export-jobs/{jobId}/items', 'PUT /export-jobs/{jobId}/items']
  if (jobRoutes.includes(route)) for (const status of statusesIn(body)) seen.jobs.add(status)
  if (itemRoutes.includes(route)) for (const status of statusesIn(body)) seen.items.add(status)
}

export async function runStep(tour: Tour, step: Step): Promise<void> {
  const f = tour.fakes[step.on ?? 'main']
  const call = (await step.call?.(tour)) ?? {}
  const [method = '', template = ''] = step.op.split(' ')
  const path = fillPath(template, call.params)
  const url = call.query ? `${path}?${call.query}` : path
  const before = f.state()
  const response = await f.request(url, requestInit(f, method, call))
  const text = await response.text()
  tour.outcomes.push({ fake: f.name, op: step.op, method, path, status: response.status })
  expect(response.status, `${method} ${url} answered ${text}`).toBe(step.status)
  const success = step.status < 300
  const body = checkAnswer(f.expiredStatus, step, response, text)
  if (!success || method === 'GET') {
    // Compared as JSON first (the same queries give the same columns in the same order), deeply
    // only when that differs, for a readable diff: it keeps the check cheap as the store grows.
    const after = f.state()
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      expect(after, 'a refused request or a read changes nothing').toEqual(before)
    }
  }
  if (success && body !== undefined) noteStatuses(tour, f, step.op, body)
  await step.check?.(tour, body, response)
}
