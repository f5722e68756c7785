// The OAuth token provider against a small token endpoint (the peer, not the thing tested): a
// valid token is reused, an expiring one is refreshed exactly once however many callers ask at
// the same moment, every refresh rotates the refresh token (the old one is refused by the
// endpoint, as Pleo's is), a failed refresh is an error the next call retries, and a 401 can
// force a refresh through invalidate().
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createTokenProvider, TokenRefreshError, type TokenSet } from '../src/index.ts'

function tokenEndpoint() {
  const live = new Set(['refresh-0'])
  const requests: string[] = []
  let issued = 0
  let failNext = false
  const app = new Hono().post('/oauth/token', async (c) => {
    const form = new URLSearchParams(await c.req.text())
    const presented = form.get('refresh_token') ?? ''
    requests.push(presented)
    if (c.req.header('authorization') !== `Basic ${btoa('client:secret')}`) {
      return c.json({ error: 'invalid_client' }, 401)
    }
    if (failNext) {
      failNext = false
      return c.json({ error: 'temporarily_unavailable' }, 503)
    }
    if (form.get('grant_type') !== 'refresh_token' || !live.delete(presented)) {
      return c.json({ error: 'invalid_grant' }, 400)
    }
    issued++
    live.add(`refresh-${issued}`)
    return c.json({
      access_token: `access-${issued}`,
      token_type: 'Bearer',
      expires_in: 900,
      refresh_token: `refresh-${issued}`,
      scope: 'export-jobs:read',
    })
  })
  return {
    requests,
    failOnce: () => {
      failNext = true
    },
    fetch: (input: string, init: RequestInit) => Promise.resolve(app.request(input, init)),
  }
}

function provider(endpoint: ReturnType<typeof tokenEndpoint>, clock: { now: number }) {
  const rotated: TokenSet[] = []
  const tokens = createTokenProvider({
    tokenUrl: 'http://auth.local/oauth/token',
    clientId: 'client',
    clientSecret: 'secret',
    initial: { accessToken: 'access-0', refreshToken: 'refresh-0', expiresAt: 900_000 },
    fetch: endpoint.fetch,
    now: () => clock.now,
    onRotate: (set) => void rotated.push(set),
  })
  return { tokens, rotated }
}

describe('createTokenProvider', () => {
  it('reuses a token that is not about to expire', async () => {
    const endpoint = tokenEndpoint()
    const { tokens } = provider(endpoint, { now: 0 })
    expect(await tokens.token()).toBe('access-0')
    expect(endpoint.requests).toEqual([])
  })

  it('refreshes once for many concurrent callers and rotates the refresh token', async () => {
    const endpoint = tokenEndpoint()
    const clock = { now: 850_000 }
    const { tokens, rotated } = provider(endpoint, clock)
    const got = await Promise.all(Array.from({ length: 10 }, () => tokens.token()))
    expect(new Set(got)).toEqual(new Set(['access-1']))
    expect(endpoint.requests).toEqual(['refresh-0'])
    expect(rotated.map((t) => t.refreshToken)).toEqual(['refresh-1'])
    clock.now += 900_000
    expect(await tokens.token()).toBe('access-2')
    expect(endpoint.requests).toEqual(['refresh-0', 'refresh-1'])
  })

  it('reports a failed refresh and retries it on the next call', async () => {
    const endpoint = tokenEndpoint()
    const { tokens } = provider(endpoint, { now: 899_000 })
    endpoint.failOnce()
    await expect(tokens.token()).rejects.toBeInstanceOf(TokenRefreshError)
    expect(await tokens.token()).toBe('access-1')
  })

  it('refreshes after invalidate (a 401 from the API)', async () => {
    const endpoint = tokenEndpoint()
    const { tokens } = provider(endpoint, { now: 0 })
    tokens.invalidate()
    expect(await tokens.token()).toBe('access-1')
    expect(tokens.current().refreshToken).toBe('refresh-1')
  })
})
