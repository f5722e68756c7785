// One HTTP exchange with retries, as a result value. It adds the Authorization header (Basic
// `apiKey:` or a Bearer token fetched per try), sends JSON, retries network errors, 5xx and 429
// (see retry.ts) with the injected `sleep` and `random`, then reads the answer: a 2xx body is
// parsed with the given zod schema (a mismatch is INVALID_RESPONSE), an error body `{type,
// message}` becomes the result's error. POSTs are retried on 5xx too: Pleo's guidance is to resend
// events after a server error, and a repeated event is safe because events are idempotent by
// status (a second `started` answers 422 INVALID_EXPORT_JOB_STATUS_CHANGE instead of acting twice).
import type { z } from 'zod'
import { failure, type PleoResult } from './result.ts'
import { backoffMs, isRetryableStatus, retryAfterMs, type RetryOptions } from './retry.ts'

export type Auth = { apiKey: string } | { bearer: () => Promise<string> | string }

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

export type TransportOptions = {
  baseUrl: string
  auth: Auth
  fetch: FetchLike
  sleep: (ms: number) => Promise<void>
  random: () => number
  retry: RetryOptions
}

type RequestSpec<S extends z.ZodType | undefined> = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  body?: unknown
  /** Schema of a successful body; without one the body is ignored and `data` is undefined. */
  schema: S
}

export type Transport = <S extends z.ZodType | undefined>(
  spec: RequestSpec<S>,
) => Promise<PleoResult<S extends z.ZodType ? z.infer<S> : undefined>>

async function authorization(auth: Auth): Promise<string> {
  if ('apiKey' in auth) return `Basic ${Buffer.from(`${auth.apiKey}:`).toString('base64')}`
  return `Bearer ${await auth.bearer()}`
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export async function readError(response: Response): Promise<PleoResult<never>> {
  const text = await response.text().catch(() => '')
  try {
    const body = JSON.parse(text) as { type?: unknown; message?: unknown }
    if (typeof body.type === 'string') {
      const detail = typeof body.message === 'string' ? body.message : response.statusText
      return failure(response.status, body.type, detail, response)
    }
  } catch {
    // not JSON: fall through to the status line
  }
  const detail = text.trim() === '' ? response.statusText || 'HTTP error' : text.slice(0, 500)
  return failure(response.status, `HTTP_${response.status}`, detail, response)
}

async function readSuccess<S extends z.ZodType | undefined>(
  response: Response,
  schema: S,
): Promise<PleoResult<unknown>> {
  if (schema === undefined) {
    await response.body?.cancel()
    return { ok: true, data: undefined, response }
  }
  const text = await response.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return failure(response.status, 'INVALID_RESPONSE', 'the response body is not JSON', response)
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue ? `${issue.path.join('.') || '(body)'}: ${issue.message}` : 'unknown'
    return failure(
      response.status,
      'INVALID_RESPONSE',
      `the response body does not match the contract (${where})`,
      response,
    )
  }
  return { ok: true, data: parsed.data, response }
}

/**
 * Sends what `request` builds, retrying network errors, 5xx and 429 (honouring Retry-After) with
 * backoff: answers the last response, or a NETWORK_ERROR failure when none arrived.
 */
export async function withRetries(
  options: Pick<TransportOptions, 'sleep' | 'random' | 'retry'>,
  request: () => Promise<Response>,
): Promise<{ ok: true; response: Response } | PleoResult<never>> {
  const attempts = Math.max(1, Math.floor(options.retry.attempts))
  for (let attempt = 1; ; attempt++) {
    const last = attempt >= attempts
    let response: Response
    try {
      response = await request()
    } catch (error) {
      if (last) return failure(0, 'NETWORK_ERROR', message(error))
      await options.sleep(backoffMs(attempt, options.retry, options.random))
      continue
    }
    if (!response.ok && !last && isRetryableStatus(response.status)) {
      const wait = retryAfterMs(response.headers.get('retry-after'))
      await response.body?.cancel()
      await options.sleep(backoffMs(attempt, options.retry, options.random, wait))
      continue
    }
    return { ok: true, response }
  }
}

export function createTransport(options: TransportOptions): Transport {
  const base = options.baseUrl.replace(/\/+$/, '')

  const send = async (spec: RequestSpec<z.ZodType | undefined>): Promise<PleoResult<unknown>> => {
    const sent = await withRetries(options, async () => {
      const headers: Record<string, string> = {
        accept: 'application/json',
        authorization: await authorization(options.auth),
      }
      if (spec.body !== undefined) headers['content-type'] = 'application/json'
      return options.fetch(`${base}${spec.path}`, {
        method: spec.method,
        headers,
        ...(spec.body === undefined ? {} : { body: JSON.stringify(spec.body) }),
      })
    })
    if (!sent.ok) return sent
    return sent.response.ok ? readSuccess(sent.response, spec.schema) : readError(sent.response)
  }
  return send as Transport
}
