// The reference claimer end to end over real HTTP: a fake on a port, the claimer's webhook server
// on another, and the three ways it detects a job — a signed `v1.export-job.created` webhook, the
// scheduled poll, and the ad hoc POST /trigger. Each test asserts on what the fake recorded: the
// job ends `completed`, its items `successful`, and the journal holds exactly one `started`. A
// duplicated delivery (webhook fault) is processed once.
import { describe, expect, it, vi } from 'vitest'
import { createPleoClient } from '@fake-pleo/client'
import { createClaimer, createMemoryState } from '@fake-pleo/client/claimer'
import { runClaimer } from '@fake-pleo/client/claimer/run'
import { startFakePleo, type RunningFakePleo } from './support/start-fake-pleo.ts'

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`

const waitFor = <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> =>
  vi.waitFor(
    async () => {
      const value = await probe()
      if (value === undefined) throw new Error(`timed out waiting for ${what}`)
      return value
    },
    { timeout: 10_000, interval: 20 },
  )

async function jobStatus(sim: RunningFakePleo, apiKey: string, jobId: string): Promise<string> {
  const response = await sim.fetch(`/v3/export-jobs/${jobId}`, {
    headers: { authorization: basic(apiKey) },
  })
  return ((await response.json()) as { data: { status: string } }).data.status
}

async function setup(webhook: boolean, pollIntervalMs = 3_600_000) {
  const sim = await startFakePleo({ clock: 'manual', seed: 'empty' })
  const apiKey = sim.apiKey
  const headers = { authorization: basic(apiKey), 'content-type': 'application/json' }
  let secret = ''
  let subscriptionId = ''
  if (webhook) {
    const created = await sim.fetch('/v1/subscriptions', {
      method: 'POST',
      headers,
      body: JSON.stringify({
        endpointUrl: 'http://127.0.0.1:9/',
        eventTypes: ['export-job.created'],
      }),
    })
    subscriptionId = ((await created.json()) as { data: { id: string } }).data.id
    const got = await sim.fetch(`/v1/subscriptions/${subscriptionId}/secret`, { headers })
    secret = ((await got.json()) as { data: { secretKey: string } }).data.secretKey
  }
  const client = createPleoClient({ baseUrl: sim.url, auth: { apiKey } })
  const claimer = createClaimer({ client, companyId: sim.companyId, state: createMemoryState() })
  const passes: string[] = []
  const running = await runClaimer({
    pass: () => claimer.pass(),
    ...(webhook ? { webhook: { port: 0, host: '127.0.0.1', secrets: [secret] } } : {}),
    pollIntervalMs,
    log: (event) => {
      if (event.event === 'pass') passes.push(event.report.kind)
    },
  })
  await running.idle()
  if (webhook) {
    const put = await sim.fetch(`/v1/subscriptions/${subscriptionId}`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({
        endpointUrl: `http://127.0.0.1:${running.port}/`,
        eventTypes: ['v1.export-job.created'],
      }),
    })
    expect(put.status).toBe(200)
  }
  const done = async () => {
    await running.stop()
    await sim.stop()
  }
  return { sim, apiKey, running, passes, done }
}

async function expectExportedOnce(sim: RunningFakePleo, apiKey: string, jobId: string) {
  await waitFor('the job to complete', async () =>
    (await jobStatus(sim, apiKey, jobId)) === 'completed' ? true : undefined,
  )
  const items = sim.deps.store.listJobItems(jobId, undefined, {
    limit: 100,
    sort: [{ column: 'seq', desc: false }],
  })
  expect(items.rows.map((item) => item.status)).toEqual(['successful', 'successful', 'successful'])
  const journal = await sim.control.journal()
  const started = journal.filter((e) => e.jobId === jobId && e.event === 'started')
  expect(started.map((e) => e.status)).toEqual([202])
  const finished = journal.filter((e) => e.jobId === jobId && e.event === 'completed')
  expect(finished.map((e) => e.status)).toEqual([202])
}

describe('the reference claimer over real HTTP', () => {
  it('exports a job announced by a signed webhook', async () => {
    const t = await setup(true)
    try {
      const job = await t.sim.control.pressExport({ companyId: t.sim.companyId, numberOfItems: 3 })
      await expectExportedOnce(t.sim, t.apiKey, job.id)
      const deliveries = t.sim.deps.store.webhooks.listDeliveries(0, 100)
      expect(deliveries.map((d) => d.status)).toEqual([204])
    } finally {
      await t.done()
    }
  })

  it('processes a duplicated delivery once', async () => {
    const t = await setup(true)
    try {
      t.sim.deps.faults?.setRules({
        seed: 'dup',
        rules: [{ target: 'webhook', kind: 'duplicate' }],
      })
      const job = await t.sim.control.pressExport({ companyId: t.sim.companyId, numberOfItems: 3 })
      await expectExportedOnce(t.sim, t.apiKey, job.id)
      await t.running.idle()
      expect(t.passes.filter((kind) => kind === 'completed')).toHaveLength(1)
    } finally {
      await t.done()
    }
  })

  it('finds a job by polling when no webhook comes', async () => {
    const t = await setup(false, 50)
    try {
      const job = await t.sim.control.pressExport({ companyId: t.sim.companyId, numberOfItems: 3 })
      await expectExportedOnce(t.sim, t.apiKey, job.id)
    } finally {
      await t.done()
    }
  })

  it('runs a pass at once on the ad hoc trigger', async () => {
    const t = await setup(true)
    try {
      t.sim.deps.faults?.setRules({ seed: 'drop', rules: [{ target: 'webhook', kind: 'drop' }] })
      const job = await t.sim.control.pressExport({ companyId: t.sim.companyId, numberOfItems: 3 })
      await t.sim.dispatcher.idle()
      expect(await jobStatus(t.sim, t.apiKey, job.id)).toBe('pending')
      const trigger = await fetch(`http://127.0.0.1:${t.running.port}/trigger`, { method: 'POST' })
      expect(trigger.status).toBe(202)
      await expectExportedOnce(t.sim, t.apiKey, job.id)
    } finally {
      await t.done()
    }
  })
})
