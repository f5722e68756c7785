// The few API calls the bench makes outside the measured load: create a company and pending jobs
// through the control API, list jobs through the v3 API following cursor pagination, and wait
// for /_sim/health. Every URL is checked to be on 127.0.0.1: the bench never leaves loopback.
import { setTimeout as sleep } from 'node:timers/promises'

export type Tenant = { url: string; companyId: string; apiKey: string }

export type ExportJob = { id: string; status: string; companyId: string }

type ListPage = {
  data: ExportJob[]
  pagination: { hasNextPage: boolean; endCursor?: string }
}

export function basicAuth(apiKey: string): string {
  return `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`
}

export function loopbackUrl(base: string, path = '/'): URL {
  const url = new URL(path, base)
  if (url.hostname !== '127.0.0.1') throw new Error(`refusing to send traffic to ${url.host}`)
  return url
}

async function callJson<T>(base: string, path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(loopbackUrl(base, path), init)
  const text = await response.text()
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`)
  return JSON.parse(text) as T
}

const postJson = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

/** A fresh company with its own API key, so each measurement starts from a known state. */
export async function createTenant(url: string): Promise<Tenant> {
  const { data } = await callJson<{ data: { company: { id: string }; apiKey: string } }>(
    url,
    '/_sim/companies',
    postJson({ name: 'bench' }),
  )
  return { url, companyId: data.company.id, apiKey: data.apiKey }
}

/** Presses Export `count` times (a few calls in flight at once); returns the new job ids. */
export async function createPendingJobs(tenant: Tenant, count: number): Promise<string[]> {
  const ids: string[] = []
  const inFlight = 8
  for (let start = 0; start < count; start += inFlight) {
    const batch = Array.from({ length: Math.min(inFlight, count - start) }, () =>
      callJson<{ data: ExportJob }>(
        tenant.url,
        '/_sim/export-jobs',
        postJson({ companyId: tenant.companyId, numberOfItems: 1 }),
      ),
    )
    for (const { data } of await Promise.all(batch)) ids.push(data.id)
  }
  return ids
}

/** Every job of the tenant in one status, following `after=endCursor` while hasNextPage. */
export async function listJobsByStatus(tenant: Tenant, status: string): Promise<ExportJob[]> {
  const jobs: ExportJob[] = []
  const headers = { authorization: basicAuth(tenant.apiKey) }
  let after: string | undefined
  for (let page = 0; page < 10_000; page++) {
    const query = new URLSearchParams({ company_id: tenant.companyId, statuses: status })
    query.set('limit', '100')
    if (after !== undefined) query.set('after', after)
    const body = await callJson<ListPage>(tenant.url, `/v3/export-jobs?${query}`, { headers })
    jobs.push(...body.data)
    if (!body.pagination.hasNextPage) return jobs
    after = body.pagination.endCursor
    if (after === undefined) throw new Error('hasNextPage without an endCursor')
  }
  throw new Error('pagination did not end after 10,000 pages')
}

/** Polls GET /_sim/health until it answers 200 (bounded); resolves with performance.now(). */
export async function waitForHealth(url: string, timeoutMs = 10_000): Promise<number> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    try {
      const response = await fetch(loopbackUrl(url, '/_sim/health'))
      await response.arrayBuffer()
      if (response.status === 200) return performance.now()
    } catch {
      // Not accepting connections yet: try again shortly.
    }
    if (performance.now() > deadline) throw new Error(`no 200 from ${url}/_sim/health`)
    await sleep(5)
  }
}
