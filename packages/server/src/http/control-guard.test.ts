// The control guards on a bare Hono app, and the journal's query masking: the middleware alone,
// without the fake around it. A refused request never reaches the handler.
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { ApiError } from '../api-error.ts'
import { webhookTargetRefusal } from '../services/webhook-targets.ts'
import { controlJsonOnly, controlOwnerGuard, emptyJsonAsObject } from './control-guard.ts'
import { maskQuery } from './journal.ts'
import { asMiddleware } from './request-frame.ts'

function guarded(host = '127.0.0.1') {
  const reached: string[] = []
  const app = new Hono()
  app.onError((error) => (error as ApiError).toResponse())
  const steps = [controlOwnerGuard({ host }), controlJsonOnly(), emptyJsonAsObject()]
  app.use('/_sim/*', ...steps.map(asMiddleware))
  app.all('/_sim/*', async (c) => {
    reached.push(`${c.req.method} ${c.req.path}`)
    return c.json(c.req.method === 'GET' ? {} : await c.req.json())
  })
  return { app, reached }
}

describe('controlOwnerGuard', () => {
  it('refuses a foreign Host (DNS rebinding) before the handler', async () => {
    const { app, reached } = guarded()
    const response = await app.request('/_sim/clock', { headers: { host: 'rebind.example' } })
    expect(response.status).toBe(403)
    expect(reached).toEqual([])
  })

  it('refuses a foreign Origin before the handler', async () => {
    const { app, reached } = guarded()
    const response = await app.request('/_sim/clock', {
      headers: { host: 'localhost:4010', origin: 'http://localhost:5173' },
    })
    expect(response.status).toBe(403)
    expect(reached).toEqual([])
  })

  it('lets loopback through, with or without its own Origin', async () => {
    const { app, reached } = guarded()
    await app.request('/_sim/clock', { headers: { host: 'localhost:4010' } })
    await app.request('/_sim/clock', {
      headers: { host: 'localhost:4010', origin: 'http://localhost:4010' },
    })
    expect(reached).toEqual(['GET /_sim/clock', 'GET /_sim/clock'])
  })
})

describe('controlJsonOnly', () => {
  it('refuses state changes that do not say JSON, body or not', async () => {
    const { app, reached } = guarded()
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const response = await app.request('/_sim/reset', { method })
      expect(response.status, method).toBe(415)
    }
    const form = await app.request('/_sim/reset', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    })
    expect(form.status).toBe(415)
    expect(reached).toEqual([])
  })

  it('reads a JSON state change without a body as {}', async () => {
    const { app, reached } = guarded()
    const response = await app.request('/_sim/reset', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({})
    expect(reached).toEqual(['POST /_sim/reset'])
  })
})

describe('maskQuery', () => {
  it('masks API keys, passwords and OAuth secrets, names in any case, and keeps the rest', () => {
    expect(maskQuery('company_id=c&api_key=plp_x&API_KEY=plp_y&apiKey=plp_z&limit=5')).toBe(
      'company_id=c&api_key=***&API_KEY=***&apiKey=***&limit=5',
    )
    expect(maskQuery('password=p&secret=s&code=c&client_secret=x&api%5Fkey=k')).toBe(
      'password=***&secret=***&code=***&client_secret=***&api%5Fkey=***',
    )
    expect(maskQuery('api_key&statuses=pending')).toBe('api_key&statuses=pending')
  })
})

describe('webhookTargetRefusal', () => {
  const exposed = { host: '0.0.0.0', allowWebhookTargets: [] }
  it('refuses link-local and metadata hosts beyond loopback only', () => {
    expect(webhookTargetRefusal(exposed, 'http://169.254.169.254/')).toMatch(
      /--allow-webhook-target 169\.254\.169\.254/,
    )
    expect(webhookTargetRefusal(exposed, 'http://[fe80::1]/')).toBeDefined()
    expect(webhookTargetRefusal({ ...exposed, host: '127.0.0.1' }, 'http://169.254.169.254/')).toBe(
      undefined,
    )
  })
  it('keeps loopback and ordinary hosts, and the allowed ones', () => {
    expect(webhookTargetRefusal(exposed, 'http://127.0.0.1:9/hook')).toBeUndefined()
    expect(webhookTargetRefusal(exposed, 'https://erp.example.test/hook')).toBeUndefined()
    expect(
      webhookTargetRefusal(
        { ...exposed, allowWebhookTargets: ['METADATA.google.internal'] },
        'http://metadata.google.internal/',
      ),
    ).toBeUndefined()
  })
})
