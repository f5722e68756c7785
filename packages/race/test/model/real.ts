// The real system of the model-based test: one in-process fake (no socket) with a manual clock,
// webhooks held back and the `empty` seed's company, whose API key survives a reset. `call` sends
// one request with that key and returns the status and the parsed JSON body (or null).
import { createFakePleo, type FakePleo } from '@fake-pleo/server'

export type Reply = { status: number; body: unknown }

export type Real = {
  fake: FakePleo
  companyId: string
  call(method: string, path: string, body?: unknown): Promise<Reply>
}

export function basicAuth(apiKey: string): string {
  return `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`
}

export function startReal(expiresIn: number): Real {
  const fake = createFakePleo({
    seed: 'empty',
    clock: 'manual',
    webhookDelivery: 'off',
    expiresIn,
  })
  const companyId = fake.companyId
  if (!companyId || !fake.apiKey) throw new Error('the empty seed created no company')
  const authorization = basicAuth(fake.apiKey)
  const call = async (method: string, path: string, body?: unknown): Promise<Reply> => {
    // Every state-changing request says JSON, body or not (the control API requires it).
    const init: RequestInit = {
      method,
      headers:
        method === 'GET'
          ? { authorization }
          : { authorization, 'content-type': 'application/json' },
    }
    if (body !== undefined) init.body = JSON.stringify(body)
    const response = await fake.app.request(path, init)
    const text = await response.text()
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null }
  }
  return { fake, companyId, call }
}
