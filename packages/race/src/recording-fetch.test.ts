// The recording fetch hands the worker the answer it recorded: the same status, status text,
// headers and body (the body is read once for the history and handed on), a 204 without a body,
// and the history's completion taken from that same body.
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
})
