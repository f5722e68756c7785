// `serve --webhook URL`: the seeded company is subscribed to every event type at start, the
// printed secret is the one the Subscriptions API serves, a restart on the same database reuses
// the subscription instead of adding another, and a URL that is not http(s) is a usage error.
// --webhook-timestamps and --webhook-body reach the fake's fidelity options.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFakePleo } from '@fake-pleo/server'
import { UsageError } from '../src/args.ts'
import { parseServeArgs } from '../src/serve.ts'

const dir = mkdtempSync(join(tmpdir(), 'fake-pleo-serve-webhook-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`

describe('serve --webhook', () => {
  it('parses repeated --webhook and refuses URLs that are not http(s)', () => {
    const options = parseServeArgs([
      '--webhook',
      'http://127.0.0.1:1/a',
      '--webhook',
      'https://x.test/b',
    ])
    expect(options.webhooks).toEqual(['http://127.0.0.1:1/a', 'https://x.test/b'])
    expect(() => parseServeArgs(['--webhook', 'ftp://x'])).toThrow(UsageError)
    expect(() => parseServeArgs(['--webhook', 'not a url'])).toThrow(UsageError)
  })

  it('parses the retry schedule and the timeout, refusing malformed ones', () => {
    const options = parseServeArgs([
      '--webhook-retry-schedule',
      '0, 1,60',
      '--webhook-timeout',
      '250',
    ])
    expect(options.webhookRetrySchedule).toEqual([0, 1, 60])
    expect(options.webhookTimeoutMs).toBe(250)
    expect(parseServeArgs([]).webhookRetrySchedule).toBeUndefined()
    expect(() => parseServeArgs(['--webhook-retry-schedule', '5,x'])).toThrow(UsageError)
    expect(() => parseServeArgs(['--webhook-retry-schedule', ''])).toThrow(UsageError)
    expect(() => parseServeArgs(['--webhook-timeout', '0'])).toThrow(UsageError)
  })

  it('parses --webhook-lease (default 30 s), refusing leases under 100 ms', () => {
    expect(parseServeArgs([]).webhookLeaseMs).toBe(30_000)
    expect(parseServeArgs(['--webhook-lease', '1500']).webhookLeaseMs).toBe(1500)
    expect(() => parseServeArgs(['--webhook-lease', '99'])).toThrow(UsageError)
    expect(() => parseServeArgs(['--webhook-lease', 'soon'])).toThrow(UsageError)
  })

  it('parses --webhook-timestamps and --webhook-body, refusing other values', () => {
    expect(parseServeArgs([])).toMatchObject({ webhookTimestamps: 'wall', webhookBody: 'plain' })
    const options = parseServeArgs(['--webhook-timestamps', 'virtual', '--webhook-body', 'wrapped'])
    expect(options).toMatchObject({ webhookTimestamps: 'virtual', webhookBody: 'wrapped' })
    const { webhookTimestamps, webhookBody } = options
    const fake = createFakePleo({ seed: 'none', webhookTimestamps, webhookBody })
    try {
      expect(fake.deps.options).toMatchObject({
        webhookTimestamps: 'virtual',
        webhookBody: 'wrapped',
      })
    } finally {
      fake.close()
    }
    expect(() => parseServeArgs(['--webhook-timestamps', 'real'])).toThrow(
      /--webhook-timestamps must be one of wall, virtual/,
    )
    expect(() => parseServeArgs(['--webhook-body', 'svix'])).toThrow(UsageError)
  })

  it('subscribes the seeded company and serves the printed secret', async () => {
    const url = 'http://127.0.0.1:9/hooks'
    const fake = createFakePleo({ seed: 'demo', clock: 'manual', webhooks: [url] })
    try {
      expect(fake.subscriptions).toHaveLength(1)
      const [sub] = fake.subscriptions
      const headers = { authorization: basic(fake.apiKey ?? '') }
      const listed = (await (await fake.app.request('/v1/subscriptions', { headers })).json()) as {
        data: { id: string; endpointUrl: string; eventTypes: string[] }[]
        pagination: { total: number; hasNextPage: boolean }
      }
      expect(listed.data).toEqual([
        expect.objectContaining({
          id: sub?.id,
          endpointUrl: url,
          eventTypes: ['v1.export-job.created', 'v1.vendor.created'],
        }),
      ])
      expect(listed.pagination).toMatchObject({ total: 1, hasNextPage: false })
      // Subscribing at start is the company's own CREATE in the subscription's history.
      const activities = (await (
        await fake.app.request(`/v1/subscriptions/${sub?.id}/activities`, { headers })
      ).json()) as { data: { operationType: string; actorUrn: string }[] }
      expect(activities.data).toEqual([
        expect.objectContaining({
          operationType: 'CREATE',
          actorUrn: `urn:pleo:company:${fake.companyId}`,
        }),
      ])
      const secret = (await (
        await fake.app.request(`/v1/subscriptions/${sub?.id}/secret`, { headers })
      ).json()) as { data: { secretKey: string } }
      expect(secret.data.secretKey).toBe(sub?.secret)
      expect(sub?.secret).toMatch(/^whsec_/)
    } finally {
      fake.close()
    }
  })

  it('reuses the subscription after a restart on the same database', () => {
    const db = join(dir, 'restart.db')
    const url = 'http://127.0.0.1:9/again'
    const first = createFakePleo({ seed: 'demo', clock: 'manual', db, webhooks: [url] })
    const before = first.subscriptions
    first.close()
    const second = createFakePleo({ seed: 'demo', clock: 'manual', db, webhooks: [url] })
    try {
      expect(second.subscriptions).toEqual(before)
      expect(second.deps.store.webhooks.listSubscriptions(second.companyId ?? '')).toHaveLength(1)
      const history = second.deps.store.webhooks.pageActivities(
        { subscriptionId: before[0]?.id ?? '' },
        { limit: 10, sort: [{ column: 'seq', desc: false }] },
      )
      expect(history.rows.map((a) => a.operationType)).toEqual(['CREATE'])
    } finally {
      second.close()
    }
  })
})
