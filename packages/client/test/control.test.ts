// The control client (createControl) covers the control API: stealing a claim as another
// integration, reading and redelivering webhook attempts, registering an OAuth client, the admin
// token and a refusal as a ControlError. Each is checked against what the fake recorded (journal,
// endpoint calls, store), in-process through app.request.
import { describe, expect, it } from 'vitest'
import { createFakePleo } from '@fake-pleo/server'
import { ControlError, createControl } from '../src/control.ts'

function inProcess(options: Parameters<typeof createFakePleo>[0] = {}) {
  const fake = createFakePleo({ seed: 'demo', clock: 'manual', ...options })
  const control = createControl(async (path, init) => fake.app.request(path, init))
  return { fake, control, companyId: fake.companyId ?? '' }
}

describe('control helpers', () => {
  it('createApiKey gives the company a second key: its requests are journaled for that company', async () => {
    const { fake, control, companyId } = inProcess()
    const { apiKey } = await control.createApiKey(companyId)
    expect(apiKey).not.toBe(fake.apiKey)
    const listed = await fake.app.request(`/v3/export-jobs?company_id=${companyId}`, {
      headers: { authorization: `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}` },
    })
    expect(listed.status).toBe(200)
    const last = (await control.journal()).at(-1)
    expect(last).toMatchObject({ path: '/v3/export-jobs', status: 200, companyId })
    await expect(control.createApiKey('00000000-0000-4000-8000-000000000000')).rejects.toThrow(
      ControlError,
    )
    fake.close()
  })

  it('stealClaim claims as another integration: 202 once, then 422', async () => {
    const { fake, control, companyId } = inProcess()
    const job = await control.pressExport({ companyId })
    expect(await control.stealClaim(job.id)).toBe(202)
    expect(await control.stealClaim(job.id)).toBe(422)
    const claims = (await control.journal()).filter(
      (e) => e.jobId === job.id && e.event === 'started',
    )
    expect(claims.map((e) => [e.event, e.status])).toEqual([
      ['started', 202],
      ['started', 422],
    ])
    fake.close()
  })

  it('deliveries lists each attempt, and redeliver sends the message again with its webhook-id', async () => {
    const sent: string[] = []
    const webhookFetch: typeof fetch = async (_input, init) => {
      sent.push(new Headers(init?.headers).get('webhook-id') ?? '')
      return new Response(null, { status: 204 })
    }
    const { fake, control, companyId } = inProcess({
      webhooks: ['http://127.0.0.1:9/hooks'],
      webhookFetch,
    })
    await control.pressExport({ companyId })
    await fake.dispatcher.idle()
    const [first, ...others] = await control.deliveries()
    expect(others).toEqual([])
    expect(first).toMatchObject({ attempt: 1, status: 204, eventType: 'v1.export-job.created' })

    const { webhookId } = await control.redeliver(first?.id ?? 0)
    await fake.dispatcher.idle()
    expect(webhookId).toBe(first?.webhookId)
    expect(sent).toEqual([webhookId, webhookId])
    expect((await control.deliveries(first?.id)).map((d) => d.webhookId)).toEqual([webhookId])
    await fake.shutdown()
  })

  it('createOAuthClient registers a client the store knows, with its redirect URIs', async () => {
    const { fake, control, companyId } = inProcess()
    const client = await control.createOAuthClient({
      companyId,
      redirectUris: ['http://127.0.0.1:8081/callback'],
    })
    expect(client.clientSecret).not.toBe('')
    expect(fake.deps.store.oauth.getClient(client.clientId)).toMatchObject({
      companyId,
      redirectUris: ['http://127.0.0.1:8081/callback'],
    })
    fake.close()
  })

  it('sends the admin token, and a refusal is a ControlError with the status and body', async () => {
    const fake = createFakePleo({ seed: 'demo', clock: 'manual', adminToken: 'tok' })
    const request = async (path: string, init?: RequestInit) => fake.app.request(path, init)
    const refused = await createControl(request)
      .clock()
      .catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(ControlError)
    expect(refused).toMatchObject({ status: 401, body: { type: 'UNAUTHORIZED' } })

    const before = fake.deps.clock.now()
    const moved = await createControl(request, 'tok').advanceClock(90)
    expect(fake.deps.clock.now()).toBe(before + 90_000)
    expect(moved).toMatchObject({ nowMs: before + 90_000, mode: 'manual' })
    fake.close()
  })
})
