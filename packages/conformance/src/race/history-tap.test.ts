// The history of a race over instances is what the fake saw per API key: a request with an
// instance's key becomes that instance's invoke and its completion carries what the fake
// answered (the jobs a listing showed, the claim's 202 or 422); requests with any other key (the
// kit's own) are not in it, and a /v2 claim is read as its /v3 twin.
import { afterEach, describe, expect, it } from 'vitest'
import { createRecorder } from '@fake-pleo/race'
import { startStage, type Stage } from '../stage.ts'
import { recordInstances } from './history-tap.ts'

let stage: Stage | undefined
afterEach(async () => {
  await stage?.stop()
  stage = undefined
})

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`

describe('recordInstances', () => {
  it('records each instance’s requests by its API key, with the fake’s answers', async () => {
    const s = (stage = await startStage())
    const keys = [
      (await s.control.createApiKey(s.companyId)).apiKey,
      (await s.control.createApiKey(s.companyId)).apiKey,
    ]
    const recorder = createRecorder({ sim: () => 0 })
    const stop = recordInstances(s, recorder, keys)
    const job = await s.press()
    const send = (key: string, method: string, path: string, body?: unknown) =>
      fetch(`${s.url}${path}`, {
        method,
        headers: { authorization: basic(key), 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    await send(keys[0]!, 'GET', `/v3/export-jobs?company_id=${s.companyId}`)
    await send(keys[1]!, 'POST', '/v2/export-job-events', { jobId: job.id, event: 'started' })
    await send(keys[0]!, 'POST', '/v3/export-job-events', { jobId: job.id, event: 'started' })
    await send(s.apiKey, 'GET', `/v3/export-jobs/${job.id}`)
    stop()
    await send(keys[0]!, 'GET', `/v3/export-jobs/${job.id}`)
    const ops = recorder.operations.map(({ process, type, f, jobId, value }) => ({
      process,
      type,
      f,
      jobId,
      value,
    }))
    expect(ops).toEqual([
      { process: 0, type: 'invoke', f: 'list', jobId: undefined, value: { page: 1 } },
      {
        process: 0,
        type: 'ok',
        f: 'list',
        jobId: undefined,
        value: {
          jobs: [{ id: job.id, createdAt: job.createdAt, status: 'pending' }],
          page: 1,
          hasNextPage: false,
        },
      },
      { process: 1, type: 'invoke', f: 'claim', jobId: job.id, value: undefined },
      { process: 1, type: 'ok', f: 'claim', jobId: job.id, value: undefined },
      { process: 0, type: 'invoke', f: 'claim', jobId: job.id, value: undefined },
      {
        process: 0,
        type: 'fail',
        f: 'claim',
        jobId: job.id,
        value: { status: 422, error: 'INVALID_EXPORT_JOB_STATUS_CHANGE' },
      },
    ])
    // The fake saw the same: the kit's own read and the request after stop() were captured.
    expect(s.requests.filter((c) => c.apiKey === s.apiKey)).toHaveLength(1)
    expect(s.requests.filter((c) => c.apiKey === keys[0])).toHaveLength(3)
  })
})
