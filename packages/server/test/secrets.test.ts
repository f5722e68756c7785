// Regressions for "secrets": an API key sent as `?api_key=` (any spelling of the name) is masked
// in the journal and the request log like the OAuth parameters; a subscription's signing secret,
// endpoint password and custom-header values are used (the delivery carries them) but never
// reach the journal, the request log or the logger; and a restart on a database only names the
// API key it can know, the demo seed's (keys are stored as hashes).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFakePleo, demoApiKey, demoCompanyId, type Logger } from '../src/index.ts'
import { inProcessFake } from './helpers.ts'

function recording() {
  const lines: string[] = []
  const log: Logger = {
    info: (message) => lines.push(String(message)),
    warn: (message) => lines.push(String(message)),
    error: (message, error) => lines.push(`${String(message)} ${String(error)}`),
  }
  return { lines, log, requestLog: (line: string) => lines.push(line) }
}

describe('API keys in the query string', () => {
  it('masks ?api_key= in the journal and the request log', async () => {
    const out = recording()
    using t = inProcessFake({ requestLog: out.requestLog })
    for (const name of ['api_key', 'API_KEY', 'apiKey', 'password']) {
      await t.get(`/v3/export-jobs?company_id=${t.companyId}&${name}=${t.apiKey}`)
    }
    const journal = t.store.listJournal(0, 100).filter((e) => e.path === '/v3/export-jobs')
    expect(journal.map((e) => e.query)).toEqual([
      `company_id=${t.companyId}&api_key=***`,
      `company_id=${t.companyId}&API_KEY=***`,
      `company_id=${t.companyId}&apiKey=***`,
      `company_id=${t.companyId}&password=***`,
    ])
    expect(JSON.stringify(t.store.snapshot().journal)).not.toContain(t.apiKey)
    expect(out.lines.join('\n')).not.toContain(t.apiKey)
    expect(out.lines.some((line) => line.includes('api_key=***'))).toBe(true)
  })
})

describe('webhook secrets, endpoint passwords and custom headers', () => {
  it('are sent with deliveries but never journaled or logged', async () => {
    const out = recording()
    const sent: Headers[] = []
    const webhookFetch = (async (_url: string | URL | Request, init?: RequestInit) => {
      sent.push(new Headers(init?.headers))
      return new Response(null, { status: 204 })
    }) as typeof fetch
    using t = inProcessFake({
      requestLog: out.requestLog,
      log: out.log,
      webhookFetch,
      webhookDelivery: 'off',
    })
    const password = 'endpoint-password-9f3c'
    const headerValue = 'custom-header-value-77ab'
    const created = await t.send('POST', '/v1/subscriptions', {
      endpointUrl: 'http://127.0.0.1:9/hook',
      eventTypes: ['v1.export-job.created'],
      customHeaders: { 'X-Tenant-Token': headerValue },
      endpointAuth: { type: 'BASIC', credentials: { username: 'erp', password } },
    })
    const { data } = (await created.json()) as { data: { id: string } }
    const secretRead = await t.get(`/v1/subscriptions/${data.id}/secret`)
    const { secretKey } = ((await secretRead.json()) as { data: { secretKey: string } }).data
    await t.control.pressExport()
    await t.fake.dispatcher.tick()
    expect(sent[0]?.get('x-tenant-token')).toBe(headerValue)
    expect(sent[0]?.get('authorization')).toBe(
      `Basic ${Buffer.from(`erp:${password}`).toString('base64')}`,
    )

    const recorded = JSON.stringify([
      t.store.snapshot().journal,
      t.store.webhooks.listDeliveries(0, 100),
      out.lines,
    ])
    for (const secret of [secretKey, password, headerValue, t.apiKey]) {
      expect(recorded).not.toContain(secret)
    }
  })
})

describe('restart on a database', () => {
  const withDb = (run: (db: string) => void) => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-pleo-secrets-'))
    try {
      run(join(dir, 'fake.db'))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }

  it('names the demo key again (checked against its hash)', () => {
    withDb((db) => {
      createFakePleo({ db, seed: 'demo' }).close()
      const again = createFakePleo({ db, seed: 'demo' })
      expect([again.companyId, again.apiKey]).toEqual([demoCompanyId, demoApiKey])
      again.close()
    })
  })

  it('names the company but not a random key, which only its hash remembers', () => {
    withDb((db) => {
      const first = createFakePleo({ db, seed: 'empty' })
      const { companyId, apiKey } = first
      first.close()
      const again = createFakePleo({ db, seed: 'empty' })
      expect(again.companyId).toBe(companyId)
      expect(again.apiKey).toBeUndefined()
      expect(again.deps.store.findApiKey(apiKey ?? '')?.companyId).toBe(companyId)
      again.close()
    })
  })
})
