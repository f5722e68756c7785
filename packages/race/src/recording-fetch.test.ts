// The recording fetch hands the worker the answer it recorded: the same status, status text,
// headers and body (the body is read once for the history and handed on), a 204 without a body,
// and the history's completion taken from that same body. A success whose body the history does
// not need (items, events, export items) is recorded from its status and handed on unread.
import { describe, expect, it } from 'vitest'
import { createRecorder } from './history.ts'
import { createRecordingFetch, type FetchLike } from './recording-fetch.ts'

const base = 'http://fake.race.localhost'

function recording(answer: () => Response) {
  const recorder = createRecorder({ sim: () => 0 })
  const fetch: FetchLike = async () => answer()
  return { recorder, fetch: createRecordingFetch({ fetch, recorder, process: 0 }) }
}

describe('createRecordingFetch', () => {
  it('hands on the status, headers and body it recorded from', async () => {
    const job = { id: 'job-1', status: 'pending', createdAt: '2026-01-01T00:00:00Z' }
    const body = JSON.stringify({ data: [job], pagination: { hasNextPage: false } })
    const { recorder, fetch } = recording(
      () =>
        new Response(body, {
          status: 200,
          statusText: 'OK',
          headers: { 'content-type': 'application/json', 'x-request-id': 'r-1' },
        }),
    )
    const response = await fetch(`${base}/v3/export-jobs?statuses=pending`, { method: 'GET' })
    expect(response.status).toBe(200)
    expect(response.statusText).toBe('OK')
    expect(response.headers.get('x-request-id')).toBe('r-1')
    expect(await response.text()).toBe(body)
    expect(recorder.operations.map((op) => [op.type, op.f])).toEqual([
      ['invoke', 'list'],
      ['ok', 'list'],
    ])
    expect(recorder.operations[1]?.value).toEqual({ jobs: [job], page: 1, hasNextPage: false })
  })

  it('hands on a refusal with its body, recorded as fail', async () => {
    const body = JSON.stringify({ type: 'INVALID_EXPORT_JOB_STATUS_CHANGE', message: 'taken' })
    const { recorder, fetch } = recording(() => new Response(body, { status: 422 }))
    const init = { method: 'POST', body: JSON.stringify({ jobId: 'job-1', event: 'started' }) }
    const response = await fetch(`${base}/v3/export-job-events`, init)
    expect(response.status).toBe(422)
    expect(await response.json()).toEqual(JSON.parse(body))
    expect(recorder.operations[1]).toMatchObject({
      type: 'fail',
      f: 'claim',
      jobId: 'job-1',
      value: { status: 422, error: 'INVALID_EXPORT_JOB_STATUS_CHANGE' },
    })
  })

  it('hands on a 204 without a body', async () => {
    const { recorder, fetch } = recording(() => new Response(null, { status: 204 }))
    const response = await fetch(`${base}/v3/export-jobs/job-1/items`, {
      method: 'PUT',
      body: '[]',
    })
    expect(response.status).toBe(204)
    expect(response.body).toBeNull()
    expect(recorder.operations[1]).toMatchObject({ type: 'ok', f: 'put-items' })
  })

  it('hands on a success the history needs no body of unread, recorded as ok', async () => {
    const body = JSON.stringify({ data: [{ id: 'entry-1' }], pagination: { hasNextPage: false } })
    const answer = new Response(body, { status: 200 })
    const { recorder, fetch } = recording(() => answer)
    const response = await fetch(`${base}/v3/export-items?job_id=job-1`, { method: 'GET' })
    expect(response).toBe(answer)
    expect(response.bodyUsed).toBe(false)
    expect(await response.text()).toBe(body)
    expect(recorder.operations.map((op) => [op.type, op.f, op.jobId, op.value])).toEqual([
      ['invoke', 'export-items', 'job-1', undefined],
      ['ok', 'export-items', 'job-1', undefined],
    ])
  })

  it('still reads a refused read of items for its error type', async () => {
    const body = JSON.stringify({ type: 'NOT_FOUND', message: 'no such job' })
    const { recorder, fetch } = recording(() => new Response(body, { status: 404 }))
    const response = await fetch(`${base}/v3/export-jobs/job-9/items`, { method: 'GET' })
    expect(await response.json()).toEqual(JSON.parse(body))
    expect(recorder.operations[1]).toMatchObject({
      type: 'fail',
      f: 'get-items',
      value: { status: 404, error: 'NOT_FOUND' },
    })
  })
})
