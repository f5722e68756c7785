// Records a worker's requests to the fake as history operations. It wraps the worker's fetch:
// each request becomes one `invoke` (what it asks, e.g. the claimed job and the reported items)
// and one completion: `ok` for a 2xx (with what was read, e.g. the listed jobs), `fail` for a
// definite refusal (4xx, 429) and `info` when the outcome is unknown (5xx, network error, the
// worker killed while waiting, even when the fake did answer: the worker never learned it). A
// killed worker's requests that never left are `fail`. The classification itself
// (`requestOperation`, `answerOperation`, `listingPages`) works on plain method, URL and body
// text, so a history can also be built from requests seen on the fake's side (another program's,
// `fake-pleo race --cmd`).
import type { ListedJob, OperationFunction, OperationValue, Process, Recorder } from './history.ts'

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

/** Thrown into a killed worker's requests; `sent` says whether the request reached the fake. */
export class WorkerKilled extends Error {
  constructor(readonly sent: boolean) {
    super(sent ? 'the worker was killed while waiting for an answer' : 'the worker was killed')
  }
}

/** Whether a request that threw may have reached the fake (its outcome is then unknown). */
export const mayHaveArrived = (error: unknown): boolean =>
  !(error instanceof WorkerKilled) || error.sent

/** A request as a history operation, before it is recorded. */
export type Classified = { f: OperationFunction; jobId?: string; value?: OperationValue }

const jobPath = /^\/v3\/export-jobs\/([^/]+)$/
const itemsPath = /^\/v3\/export-jobs\/([^/]+)\/items$/

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function parseBody(text: string | undefined): Record<string, unknown> {
  const parsed = parseJson(text)
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {}
}

/** The item updates of a PUT: Pleo's body is the array itself (an `{items}` object is read too). */
function itemsOf(text: string | undefined): Record<string, unknown>[] {
  const parsed = parseJson(text)
  const list = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown } | undefined)?.items
  return Array.isArray(list) ? (list as Record<string, unknown>[]) : []
}

/**
 * What a request is, as a history operation: its method, URL and body text. `page` is asked for
 * the page number of a listing (see `listingPages`).
 */
export function requestOperation(
  method: string,
  url: URL,
  body: string | undefined,
  page: () => number,
): Classified {
  const path = url.pathname
  if (method === 'GET' && path === '/v3/export-jobs') return { f: 'list', value: { page: page() } }
  const job = jobPath.exec(path)
  if (method === 'GET' && job) return { f: 'get', jobId: decodeURIComponent(job[1]!) }
  const items = itemsPath.exec(path)
  if (items) {
    const jobId = decodeURIComponent(items[1]!)
    if (method === 'GET') return { f: 'get-items', jobId }
    const reported = itemsOf(body).map((item) => ({
      accountingEntryId: String(item.accountingEntryId),
      status: String(item.status),
    }))
    return { f: 'put-items', jobId, value: { items: reported } }
  }
  if (method === 'POST' && path === '/v3/export-job-events') {
    const fields = parseBody(body)
    const jobId = String(fields.jobId ?? fields.exportJobId ?? '')
    const event = String(fields.event ?? '')
    return event === 'started' ? { f: 'claim', jobId } : { f: 'finish', jobId, value: { event } }
  }
  if (method === 'GET' && path === '/v3/export-items') {
    return { f: 'export-items', jobId: url.searchParams.get('job_id') ?? '' }
  }
  return { f: 'other', value: { method, path } }
}

/**
 * Numbers one process's list pages: a request without a cursor or offset starts a new listing
 * (page 1), any other continues it.
 */
export function listingPages(): (url: URL) => number {
  let pageInListing = 0
  return (url) => {
    const first = !url.searchParams.has('after') && !Number(url.searchParams.get('offset') ?? 0)
    pageInListing = first ? 1 : pageInListing + 1
    return pageInListing
  }
}

type Completion = { type: 'ok' | 'fail' | 'info'; value: OperationValue | undefined }

const isSuccess = (status: number) => status >= 200 && status <= 299

/**
 * Whether the history needs an answer's body: a refusal's error type, a listing's jobs, a read
 * job's status. Any other success is recorded from its status alone.
 */
const answerNeedsBody = (f: OperationFunction, status: number): boolean =>
  !isSuccess(status) || f === 'list' || f === 'get'

/**
 * What an answer says, for the history (only what the checker and the summary need), from its
 * status and body text: `ok` for a 2xx, `fail` for a 4xx, `info` for a 5xx. The body is parsed
 * only when `answerNeedsBody` says it is needed.
 */
export function answerOperation(
  f: OperationFunction,
  page: number,
  status: number,
  text: string,
  statusText = '',
): Completion {
  if (!answerNeedsBody(f, status)) return { type: 'ok', value: undefined }
  const body = parseBody(text)
  if (!isSuccess(status)) {
    const error = typeof body.type === 'string' ? body.type : statusText
    return { type: status >= 500 ? 'info' : 'fail', value: { status, error } }
  }
  if (f === 'list') {
    const data = (Array.isArray(body.data) ? body.data : []) as ListedJob[]
    const jobs = data.map(({ id, createdAt, status }) => ({ id, createdAt, status }))
    const pagination = body.pagination as { hasNextPage?: unknown } | undefined
    return { type: 'ok', value: { jobs, page, hasNextPage: pagination?.hasNextPage === true } }
  }
  if (f === 'get') {
    const data = (body.data ?? {}) as { status?: string; lastUpdatedAt?: string | null }
    return {
      type: 'ok',
      value: { status: String(data.status), lastUpdatedAt: data.lastUpdatedAt ?? null },
    }
  }
  return { type: 'ok', value: undefined }
}

export type RecordingFetchOptions = {
  fetch: FetchLike
  recorder: Recorder
  process: Process
  /** False once this worker incarnation was killed: it may not start requests any more. */
  alive?: () => boolean
}

export function createRecordingFetch(options: RecordingFetchOptions): FetchLike {
  const { recorder, process } = options
  const nextPage = listingPages()
  return async (input, init) => {
    if (options.alive && !options.alive()) throw new WorkerKilled(false)
    const url = new URL(input)
    let page = 0
    const method = (init.method ?? 'GET').toUpperCase()
    const body = typeof init.body === 'string' ? init.body : undefined
    const op = requestOperation(method, url, body, () => (page = nextPage(url)))
    const complete = recorder.invoke(process, op.f, op.jobId, op.value)
    let response: Response
    try {
      response = await options.fetch(input, init)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      complete(mayHaveArrived(error) ? 'info' : 'fail', { error: message })
      throw error
    }
    if (options.alive && !options.alive()) {
      // The fake answered, but the worker died waiting: it never learned the outcome.
      complete('info', { status: response.status, error: 'killed before the answer arrived' })
      throw new WorkerKilled(true)
    }
    const { status, statusText, headers } = response
    if (!answerNeedsBody(op.f, status)) {
      // Recorded from its status: the answer is handed on unread.
      complete('ok', undefined)
      return response
    }
    const text = await response.text()
    const { type, value } = answerOperation(op.f, page, status, text, statusText)
    complete(type, value)
    // The body is read once and handed on in a new Response: cheaper than `clone()`, whose two
    // teed streams cost more than the body itself (≈ 20 µs a request in an in-process race).
    return new Response(nullBodyStatuses.has(status) ? null : text, { status, statusText, headers })
  }
}

/** Statuses whose Response may not have a body (the constructor throws on one). */
const nullBodyStatuses = new Set([204, 205, 304])
