// `fake-pleo listen` and its receiver. In-process (app.request): a delivery signed with svix's
// Webhook.sign is answered 204; each broken one (a header missing, a timestamp 6 minutes old or
// ahead, the wrong secret, the body changed by one byte) is a 401 saying why; a wider tolerance
// lets an old timestamp through; two secrets accept either (rotation); a repeated webhook-id is
// a 204 reported as a duplicate; a body in the wrapped shape is described from its payload; every
// case of test-vectors/standard-webhooks.json gets its expected verdict. As a child process:
// --help exits 0, no --secret exits 2, and `listen --port 0` prints its port, accepts a signed
// POST, prints it and stops on SIGTERM.
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { Webhook } from 'svix'
import { wrapWebhookBody } from '@fake-pleo/contract'
import { killAllCli, runCli, spawnCli } from '../../../test/cli-process.ts'
import { formatDelivery, parseListenArgs } from '../src/listen.ts'
import { UsageError } from '../src/args.ts'
import { createReceiver, type Delivery } from '../src/webhook-receiver.ts'

afterAll(killAllCli)

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const otherSecret = `whsec_${Buffer.from('another secret of 24 byte').toString('base64')}`
const nowMs = Date.UTC(2025, 0, 15, 12, 0, 0)
const jobId = '5f0c8e1a-8d0c-4c7e-9d6b-1a2b3c4d5e6f'
const body = JSON.stringify({
  data: { id: jobId, status: 'pending' },
  eventId: 'evt_1',
  eventType: 'v1.export-job.created',
})

type Signed = { headers: Record<string, string>; body: string }

function signed(
  options: { id?: string; at?: number; secret?: string; payload?: string } = {},
): Signed {
  const id = options.id ?? 'msg_1'
  const at = options.at ?? nowMs
  const payload = options.payload ?? body
  const signature = new Webhook(options.secret ?? secret).sign(id, new Date(at), payload)
  return {
    body: payload,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at / 1000)),
      'webhook-signature': signature,
    },
  }
}

function receiver(secrets: string[] = [secret], tolerance = 300) {
  const deliveries: Delivery[] = []
  const app = createReceiver({
    secrets,
    tolerance,
    now: () => nowMs,
    onDelivery: (d) => deliveries.push(d),
  })
  const post = (request: Signed) =>
    app.request('/', { method: 'POST', headers: request.headers, body: request.body })
  return { app, deliveries, post }
}

async function expectRejected(response: Response, reason: RegExp): Promise<void> {
  expect(response.status).toBe(401)
  const answer = (await response.json()) as { type: string; message: string }
  expect(answer.type).toBe('UNAUTHORIZED')
  expect(answer.message).toMatch(reason)
}

describe('the webhook receiver', () => {
  it('refuses a body over 1 MB with 413 and reports nothing', async () => {
    const r = receiver()
    const huge = signed()
    const response = await r.post({ ...huge, body: 'x'.repeat(1024 * 1024 + 1) })
    expect(response.status).toBe(413)
    expect(((await response.json()) as { type: string }).type).toBe('PAYLOAD_TOO_LARGE')
    expect(r.deliveries).toEqual([])
  })

  it('answers 204 to a delivery signed with the secret and reports it', async () => {
    const r = receiver()
    const response = await r.post(signed())
    expect(response.status).toBe(204)
    expect(r.deliveries).toEqual([
      {
        at: nowMs,
        verdict: 'verified',
        status: 204,
        webhookId: 'msg_1',
        eventType: 'v1.export-job.created',
        dataId: jobId,
        secret: 1,
      },
    ])
    expect(formatDelivery(r.deliveries[0] as Delivery)).toBe(
      `12:00:00.000  msg_1  v1.export-job.created  ${jobId}  → 204 verified`,
    )
  })

  it("verifies a wrapped-shape delivery over its raw bytes and reports the payload's ids", async () => {
    const r = receiver()
    const at = Math.floor(nowMs / 1000)
    const inner = new Webhook(secret).sign('msg_w', new Date(nowMs), body)
    const response = await r.post(
      signed({ id: 'msg_w', payload: wrapWebhookBody('msg_w', at, inner, body) }),
    )
    expect(response.status).toBe(204)
    expect(r.deliveries).toEqual([
      expect.objectContaining({
        verdict: 'verified',
        webhookId: 'msg_w',
        eventType: 'v1.export-job.created',
        dataId: jobId,
      }),
    ])
  })

  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    it(`refuses a delivery without ${name}`, async () => {
      const r = receiver()
      const request = signed()
      delete request.headers[name]
      await expectRejected(await r.post(request), new RegExp(`missing header ${name}`))
      expect(r.deliveries[0]).toMatchObject({ verdict: 'rejected', status: 401 })
      expect(r.deliveries[0]?.reason).toMatch(`missing header ${name}`)
    })
  }

  it('refuses a timestamp 6 minutes old', async () => {
    const r = receiver()
    await expectRejected(await r.post(signed({ at: nowMs - 360_000 })), /timestamp too old.*360 s/)
  })

  it('refuses a timestamp 6 minutes ahead', async () => {
    const r = receiver()
    await expectRejected(await r.post(signed({ at: nowMs + 360_000 })), /timestamp too new.*360 s/)
  })

  it('accepts an old timestamp within a raised tolerance (after the fake advanced its clock)', async () => {
    const r = receiver([secret], 86_400)
    expect((await r.post(signed({ at: nowMs + 3600_000 }))).status).toBe(204)
  })

  it('refuses a delivery signed with another secret', async () => {
    const r = receiver()
    await expectRejected(await r.post(signed({ secret: otherSecret })), /no signature matches/)
  })

  it('refuses a body changed by one byte', async () => {
    const r = receiver()
    const request = signed()
    request.body = request.body.replace('pending', 'pendinG')
    await expectRejected(await r.post(request), /no signature matches.*body was changed/)
  })

  it('refuses a timestamp that is not a number', async () => {
    const r = receiver()
    const request = signed()
    request.headers['webhook-timestamp'] = 'yesterday'
    await expectRejected(await r.post(request), /not a Unix time/)
  })

  it('accepts either secret during a rotation', async () => {
    const r = receiver([secret, otherSecret])
    expect((await r.post(signed({ id: 'msg_old' }))).status).toBe(204)
    expect((await r.post(signed({ id: 'msg_new', secret: otherSecret }))).status).toBe(204)
    expect(r.deliveries.map((d) => [d.verdict, d.secret])).toEqual([
      ['verified', 1],
      ['verified', 2],
    ])
  })

  it('answers 204 to a repeated webhook-id and reports it as a duplicate', async () => {
    const r = receiver()
    expect((await r.post(signed())).status).toBe(204)
    expect((await r.post(signed({ at: nowMs + 5000 }))).status).toBe(204)
    expect(r.deliveries.map((d) => d.verdict)).toEqual(['verified', 'duplicate'])
    expect(formatDelivery(r.deliveries[1] as Delivery)).toMatch(/→ 204 duplicate$/)
  })

  it('does not count a forged delivery with a known webhook-id as a duplicate', async () => {
    const r = receiver()
    expect((await r.post(signed({ secret: otherSecret }))).status).toBe(401)
    expect((await r.post(signed())).status).toBe(204)
    expect(r.deliveries.map((d) => d.verdict)).toEqual(['rejected', 'verified'])
  })

  it('answers 404 off its path and 405 to other methods', async () => {
    const r = receiver()
    expect((await r.app.request('/elsewhere', { method: 'POST' })).status).toBe(404)
    expect((await r.app.request('/')).status).toBe(405)
    expect(r.deliveries).toEqual([])
  })
})

describe('the webhook receiver on the published test vectors', () => {
  type Case = {
    name: string
    secret: string
    headers: Record<string, string>
    body: string
    now: number
    expected: { valid: boolean }
  }
  const file = new URL('../../../test-vectors/standard-webhooks.json', import.meta.url)
  const { cases } = JSON.parse(readFileSync(file, 'utf8')) as { cases: Case[] }
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const deliveries: Delivery[] = []
    const app = createReceiver({
      secrets: [c.secret],
      tolerance: 300,
      now: () => c.now * 1000,
      onDelivery: (d) => deliveries.push(d),
    })
    const response = await app.request('/', { method: 'POST', headers: c.headers, body: c.body })
    expect(response.status).toBe(c.expected.valid ? 204 : 401)
    expect(deliveries.map((d) => d.verdict)).toEqual([c.expected.valid ? 'verified' : 'rejected'])
  })
})

describe('listen arguments', () => {
  it('needs a usable --secret, and takes several', () => {
    expect(() => parseListenArgs([])).toThrow(/--secret is required/)
    expect(() => parseListenArgs(['--secret', 'not base64!'])).toThrow(UsageError)
    expect(parseListenArgs(['--secret', secret, '--secret', otherSecret])).toMatchObject({
      secrets: [secret, otherSecret],
      port: 4020,
      host: '127.0.0.1',
      path: '/',
      tolerance: 300,
      json: false,
    })
    expect(() => parseListenArgs(['--secret', secret, '--path', 'hooks'])).toThrow(UsageError)
  })
})

describe('fake-pleo listen (child process)', () => {
  it('--help exits 0 and explains the options and the clock', async () => {
    const result = await runCli(['listen', '--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Usage: fake-pleo listen/)
    for (const option of ['--secret', '--port', '--host', '--path', '--tolerance', '--json']) {
      expect(result.stdout, option).toMatch(new RegExp(`^\\s+${option}(?=\\s)`, 'm'))
    }
    expect(result.stdout).toMatch(/virtual clock/)
    expect(result.stderr).toBe('')
  })

  it('exits 2 without --secret', async () => {
    const result = await runCli(['listen', '--port', '0'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--secret is required/)
    expect(result.stdout).toBe('')
  })

  it('prints its port, verifies a signed POST, prints it and stops on SIGTERM', async () => {
    const cli = spawnCli(['listen', '--port', '0', '--secret', secret, '--path', '/hooks'])
    try {
      const [, url] = await cli.waitForOutput(
        /receiving webhooks on (http:\/\/127\.0\.0\.1:\d+\/hooks)\n/,
      )
      const request = signed({ id: 'msg_cli', at: Date.now() })
      const ok = await fetch(url ?? '', {
        method: 'POST',
        headers: request.headers,
        body: request.body,
      })
      expect(ok.status).toBe(204)
      await cli.waitForOutput(/msg_cli {2}v1\.export-job\.created {2}\S+ {2}→ 204 verified\n/)
      const bad = await fetch(url ?? '', {
        method: 'POST',
        headers: request.headers,
        body: request.body.replace('pending', 'pendinG'),
      })
      expect(bad.status).toBe(401)
      await cli.waitForOutput(/→ 401 rejected: no signature matches/)
      expect(await cli.stop('SIGTERM')).toEqual({ code: 0, signal: null })
    } finally {
      await cli.crash()
    }
  })
})
