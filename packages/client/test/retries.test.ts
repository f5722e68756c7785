// Retries against the fake's fault engine: 503 twice then 200, a 429 whose Retry-After sets the
// wait, a 404 that is never retried, network failures that end as NETWORK_ERROR after the
// configured attempts with jittered exponential waits.
import { createFaultEngine } from '@fake-pleo/server'
import { describe, expect, it } from 'vitest'
import { createPleoClient } from '../src/index.ts'
import { setup, unknownId } from './support.ts'

describe('retries', () => {
  it('retries 503 twice and succeeds on the third try', async () => {
    const faults = createFaultEngine()
    const t = setup({ faults })
    faults.setRules({
      seed: 's',
      rules: [{ target: 'http', route: 'GET /v3/export-jobs', status: 503, count: 2 }],
    })
    const result = await t.client.listExportJobs()
    expect(result.ok).toBe(true)
    const statuses = t
      .journal()
      .filter((row) => row.path === '/v3/export-jobs')
      .map((row) => row.status)
    expect(statuses).toEqual([503, 503, 200])
    expect(t.sleeps).toEqual([1000, 1000])
  })

  it('waits for Retry-After on a 429', async () => {
    const faults = createFaultEngine()
    const t = setup({ faults })
    faults.setRules({
      seed: 's',
      rules: [{ target: 'http', route: 'GET /v3/export-jobs', status: 429, count: 1 }],
    })
    expect((await t.client.listExportJobs()).ok).toBe(true)
    expect(t.sleeps).toEqual([1000])
  })

  it('uses jittered exponential backoff without Retry-After and gives up after the attempts', async () => {
    const faults = createFaultEngine()
    const t = setup({ faults, client: { retry: { attempts: 3 } } })
    faults.setRules({
      seed: 's',
      rules: [{ target: 'http', route: 'GET /v3/export-jobs', status: 502 }],
    })
    const result = await t.client.listExportJobs()
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.status).toBe(502)
    // random() = 0.5: half of 200 ms, then half of 400 ms.
    expect(t.sleeps).toEqual([100, 200])
    expect(t.journal().filter((row) => row.path === '/v3/export-jobs')).toHaveLength(3)
  })

  it('never retries a 404', async () => {
    const t = setup()
    const result = await t.client.getExportJob(unknownId)
    expect(result.ok).toBe(false)
    expect(t.journal().filter((row) => row.path === `/v3/export-jobs/${unknownId}`)).toHaveLength(1)
    expect(t.sleeps).toEqual([])
  })

  it('ends a network failure as NETWORK_ERROR after every attempt', async () => {
    const sleeps: number[] = []
    let calls = 0
    const client = createPleoClient({
      baseUrl: 'http://fake.local',
      auth: { bearer: () => 'token' },
      fetch: async () => {
        calls++
        throw new TypeError('fetch failed')
      },
      sleep: async (ms) => {
        sleeps.push(ms)
      },
      random: () => 0.5,
      retry: { attempts: 4, baseMs: 200, maxMs: 300 },
    })
    const result = await client.listExportJobs()
    expect(result).toEqual({
      ok: false,
      error: { status: 0, type: 'NETWORK_ERROR', message: 'fetch failed' },
    })
    expect(calls).toBe(4)
    // Ceilings 200, 400 -> 300 (maxMs), 800 -> 300.
    expect(sleeps).toEqual([100, 150, 150])
  })
})
