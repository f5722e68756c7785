// The typed client on OAuth against the fake over real HTTP: a browser-less authorization code
// flow with PKCE (following the redirect by hand), the client calling the API with the bearer
// token from the token provider, the access token expiring on the fake's virtual clock, and the
// provider refreshing exactly once for concurrent requests with a rotated refresh token — the
// old refresh token is then refused by the fake.
import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createPleoClient, createTokenProvider } from '@fake-pleo/client'
import { demoOAuthClient } from '@fake-pleo/server'
import { startFakePleo } from './support/start-fake-pleo.ts'

const redirectUri = 'http://127.0.0.1:8080/callback'
const base64url = (bytes: Buffer) => bytes.toString('base64url')

describe('the client with OAuth against the fake', () => {
  it('authorizes with PKCE, calls the API, and refreshes once with rotation', async () => {
    await using sim = await startFakePleo({ clock: 'manual' })
    const verifier = base64url(randomBytes(48))
    const challenge = base64url(createHash('sha256').update(verifier).digest())
    const authorize = new URL('/oauth/authorize', sim.url)
    for (const [key, value] of Object.entries({
      client_id: demoOAuthClient.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'export-jobs:read export-jobs:write',
      state: 'xyz',
      code_challenge_method: 'S256',
      code_challenge: challenge,
      auto_approve: '1',
    })) {
      authorize.searchParams.set(key, value)
    }
    const redirect = await fetch(authorize, { redirect: 'manual' })
    expect(redirect.status).toBe(302)
    const back = new URL(redirect.headers.get('location') ?? '')
    expect(back.searchParams.get('state')).toBe('xyz')
    const code = back.searchParams.get('code') ?? ''

    const exchange = await fetch(new URL('/oauth/token', sim.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: demoOAuthClient.clientId,
        client_secret: demoOAuthClient.clientSecret,
        code_verifier: verifier,
      }).toString(),
    })
    expect(exchange.status).toBe(200)
    const first = (await exchange.json()) as {
      access_token: string
      refresh_token: string
      expires_in: number
    }

    const clock = async () => (await sim.control.clock()).nowMs
    const provider = createTokenProvider({
      tokenUrl: new URL('/oauth/token', sim.url).href,
      clientId: demoOAuthClient.clientId,
      clientSecret: demoOAuthClient.clientSecret,
      initial: {
        accessToken: first.access_token,
        refreshToken: first.refresh_token,
        expiresAt: (await clock()) + first.expires_in * 1000,
      },
      now: () => fakeNow,
    })
    let fakeNow = await clock()
    const client = createPleoClient({ baseUrl: sim.url, auth: { bearer: provider.token } })
    const listed = await client.listExportJobs({ companyId: sim.companyId })
    expect(listed.ok).toBe(true)

    // The access token expires on the fake's clock: without a refresh the API says 401.
    await sim.control.advanceClock(first.expires_in)
    fakeNow = await clock()
    const stale = await sim.fetch('/v3/export-jobs', {
      headers: { authorization: `Bearer ${first.access_token}` },
    })
    expect(stale.status).toBe(401)

    const results = await Promise.all(
      Array.from({ length: 5 }, () => client.listExportJobs({ companyId: sim.companyId })),
    )
    expect(results.every((r) => r.ok)).toBe(true)
    const journal = await sim.control.journal()
    const refreshes = journal.filter((e) => e.method === 'POST' && e.path === '/oauth/token')
    expect(refreshes.map((e) => e.status)).toEqual([200, 200])
    expect(provider.current().refreshToken).not.toBe(first.refresh_token)

    // The rotated-out refresh token is refused.
    const reuse = await fetch(new URL('/oauth/token', sim.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token,
        client_id: demoOAuthClient.clientId,
        client_secret: demoOAuthClient.clientSecret,
      }).toString(),
    })
    expect(reuse.status).toBe(400)
    expect(((await reuse.json()) as { error: string }).error).toBe('invalid_grant')
  })
})
