// Records a worker's requests to the fake as history operations. It wraps the worker's fetch:
// each request becomes one `invoke` (what it asks, e.g. the claimed job and the reported items)
// and one completion: `ok` for a 2xx (with what was read, e.g. the listed jobs), `fail` for a
// definite refusal (4xx, 429) and `info` when the outcome is unknown (5xx, network error, the
// worker killed while waiting, even when the fake did answer: the worker never learned it). A
// killed worker's requests that never left are `fail`.
import type { ListedJob, OperationFunction, OperationValue, Process, Recorder } from './history.ts'

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

/** Thrown into a killed worker's requests; `sent` says whether the request reached the fake. */
export class WorkerKilled extends Error {
  constructor(readonly sent: boolean) {
    super(sent ? 'the worker was killed while waiting for an answer' : 'the worker was killed')
  }
}

type Classified = { f: OperationFunction; jobId?: string; value?: OperationValue }

const jobPath = /^\/v3\/export-jobs\/([^/]+)$/
const itemsPath = /^\/v3\/export-jobs\/([^/]+)\/items$/

function parseBody(init: RequestInit): Record<string, unknown> {
  if (typeof init.body !== 'string') return {}
  try {
    const parsed: unknown = JSON.parse(init.body)
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

/** The item updates of a PUT: Pleo's body is the array itself (an `{items}` object is read too). */
function itemsOf(init: RequestInit): Record<string, unknown>[] {
  if (typeof init.body !== 'string') return []
  try {
    const parsed: unknown = JSON.parse(init.body)
    const list = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown } | null)?.items
    return Array.isArray(list) ? (list as Record<string, unknown>[]) : []
  } catch {
    return []
  }
}

/** What a request is, as a history operation. `pages` counts list pages per listing. */
function classify(url: URL, init: RequestInit, page: () => number): Classified {
  const method = (init.method ?? 'GET').toUpperCase()
  const path = url.pathname
  if (method === 'GET' && path === '/v3/export-jobs') return { f: 'list', value: { page: page() } }
  const job = jobPath.exec(path)
  if (method === 'GET' && job) return { f: 'get', jobId: decodeURIComponent(job[1]!) }
  const items = itemsPath.exec(path)
  if (items) {
    const jobId = decodeURIComponent(items[1]!)
    if (method === 'GET') return { f: 'get-items', jobId }
    const list = itemsOf(init)
    const reported = list.map((item) => ({
      accountingEntryId: String(item.accountingEntryId),
      status: String(item.status),
    }))
    return { f: 'put-items', jobId, value: { items: reported } }
  }
  if (method === 'POST' && path === '/v3/export-job-events') {
    const body = parseBody(init)
    const jobId = String(body.jobId ?? body.exportJobId ?? '')
    const event = String(body.event ?? '')
    return event === 'started' ? { f: 'claim', jobId } : { f: 'finish', jobId, value: { event } }
  }
  if (method === 'GET' && path === '/v3/export-items') {
    return { f: 'export-items', jobId: url.searchParams.get('job_id') ?? '' }
  }
  return { f: 'other', value: { method, path } }
}

/** What an answer says, for the history (only what the checker and the summary need). */
async function completion(f: OperationFunction, page: number, response: Response) {
  if (!response.ok) {
    const body = (await response
      .clone()
      .json()
      .catch(() => ({}))) as { type?: unknown }
    const error = typeof body.type === 'string' ? body.type : response.statusText
    const type = response.status >= 500 ? ('info' as const) : ('fail' as const)
    return { type, value: { status: response.status, error } }
  }
  if (f === 'list') {
    const body = (await response.clone().json()) as {
      data: ListedJob[]
      pagination: { hasNextPage: boolean }
    }
    const jobs = body.data.map(({ id, createdAt, status }) => ({ id, createdAt, status }))
    return { type: 'ok' as const, value: { jobs, page, hasNextPage: body.pagination.hasNextPage } }
  }
  if (f === 'get') {
    const body = (await response.clone().json()) as {
      data: { status: string; lastUpdatedAt: string | null }
    }
    return {
      type: 'ok' as const,
      value: { status: body.data.status, lastUpdatedAt: body.data.lastUpdatedAt },
    }
  }
  return { type: 'ok' as const, value: undefined }
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
  let pageInListing = 0
  const nextPage = (url: URL) => {
    const first = !url.searchParams.has('after') && !Number(url.searchParams.get('offset') ?? 0)
    pageInListing = first ? 1 : pageInListing + 1
    return pageInListing
  }
  return async (input, init) => {
    if (options.alive && !options.alive()) throw new WorkerKilled(false)
    const url = new URL(input)
    let page = 0
    const op = classify(url, init, () => (page = nextPage(url)))
    const complete = recorder.invoke(process, op.f, op.jobId, op.value)
    let response: Response
    try {
      response = await options.fetch(input, init)
    } catch (error) {
      const sent = !(error instanceof WorkerKilled) || error.sent
      const message = error instanceof Error ? error.message : String(error)
      complete(sent ? 'info' : 'fail', { error: message })
      throw error
    }
    if (options.alive && !options.alive()) {
      // The fake answered, but the worker died waiting: it never learned the outcome.
      complete('info', { status: response.status, error: 'killed before the answer arrived' })
      throw new WorkerKilled(true)
    }
    const { type, value } = await completion(op.f, page, response)
    complete(type, value)
    return response
  }
}
