// OAuth 2.0 as a browser-less client meets it: authorization code with PKCE S256 (consent page
// or auto-approve), the token endpoint's grants and RFC 6749 errors, refresh-token rotation with
// reuse detection revoking the whole grant, access tokens expiring on the virtual clock,
// introspection, client authentication by Basic and by form, the control API's clients, and a
// journal that never holds a code, token, verifier or secret.
import { createHash, randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { demoOAuthClient } from '../src/index.ts'
import { defaultRedirectUri } from '../src/services/oauth.ts'
import { hashSecret } from '../src/store/oauth-store.ts'
import { inProcessFake } from './helpers.ts'

const redirectUri = defaultRedirectUri
const client = demoOAuthClient

const tokenSchema = z
  .object({
    access_token: z.string().min(20),
    token_type: z.literal('Bearer'),
    expires_in: z.number(),
    refresh_token: z.string().min(20),
    scope: z.string(),
  })
  .strict()
const errorSchema = z.object({ error: z.string(), error_description: z.string() }).strict()

type T = ReturnType<typeof inProcessFake>

const pkce = () => {
  const verifier = randomBytes(48).toString('base64url')
  const challenge = createHash('sha256').update(verifier).digest('base64url')
  return { verifier, challenge }
}

function authorizeUrl(overrides: Record<string, string | undefined> = {}, challenge = 'x') {
  const params: Record<string, string | undefined> = {
    client_id: client.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'export-jobs:read export-jobs:write',
    state: 'st4te',
    code_challenge_method: 'S256',
    code_challenge: challenge,
    ...overrides,
  }
  const query = new URLSearchParams(
    Object.entries(params).filter((p): p is [string, string] => p[1] !== undefined),
  )
  return `/oauth/authorize?${query.toString()}`
}

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`

function postForm(t: T, path: string, form: Record<string, string>, headers = {}) {
  return t.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  })
}

const token = (t: T, form: Record<string, string>) =>
  postForm(t, '/oauth/token', form, { authorization: basic(client.clientId, client.clientSecret) })

async function getCode(t: T, challenge: string, overrides: Record<string, string> = {}) {
  const response = await t.get(authorizeUrl({ auto_approve: '1', ...overrides }, challenge), {})
  expect(response.status).toBe(302)
  const location = new URL(response.headers.get('location') ?? '')
  expect(`${location.origin}${location.pathname}`).toBe(redirectUri)
  expect(location.searchParams.get('state')).toBe('st4te')
  return location.searchParams.get('code') ?? ''
}

async function login(t: T) {
  const { verifier, challenge } = pkce()
  const code = await getCode(t, challenge)
  const response = await token(t, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  })
  expect(response.status).toBe(200)
  return { code, verifier, tokens: tokenSchema.parse(await response.json()) }
}

const listJobs = (t: T, accessToken: string) =>
  t.get(`/v3/export-jobs?company_id=${t.companyId}`, { authorization: `Bearer ${accessToken}` })

async function expectOAuthError(response: Response, status: number, error: string) {
  expect(response.status).toBe(status)
  expect(response.headers.get('cache-control')).toBe('no-store')
  expect(errorSchema.parse(await response.json()).error).toBe(error)
}

describe('OAuth authorization code flow with PKCE', () => {
  it('auto-approves, exchanges the code and calls the API with the bearer token', async () => {
    using t = inProcessFake()
    const { code, tokens } = await login(t)
    expect(tokens.expires_in).toBe(900)
    expect(tokens.scope).toBe('export-jobs:read export-jobs:write')
    const response = await listJobs(t, tokens.access_token)
    expect(response.status).toBe(200)
    expect(t.store.oauth.findCode(code)?.usedAt).toBe(t.fake.deps.clock.now())
    const access = t.store.oauth.findToken(tokens.access_token)
    expect(access).toMatchObject({ kind: 'access', companyId: t.companyId, revoked: false })
    expect(t.fake.deps.bearer?.(tokens.access_token, t.fake.deps.clock.now())).toEqual({
      companyId: t.companyId,
      scopes: ['export-jobs:read', 'export-jobs:write'],
      via: 'bearer',
    })
    // Only hashes are stored.
    const state = JSON.stringify(t.store.snapshot())
    for (const secret of [code, tokens.access_token, tokens.refresh_token, client.clientSecret]) {
      expect(state).not.toContain(secret)
    }
    expect(state).toContain(hashSecret(tokens.access_token))
  })

  it('auto-approves with the oauthAutoApprove option too', async () => {
    using t = inProcessFake({ oauthAutoApprove: true })
    const response = await t.get(authorizeUrl({}, pkce().challenge), {})
    expect(response.status).toBe(302)
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('code')).toBeTruthy()
  })

  it('shows a consent page whose Allow gives a code and Deny gives access_denied', async () => {
    using t = inProcessFake()
    const { challenge, verifier } = pkce()
    const page = await t.get(authorizeUrl({}, challenge), {})
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await page.text()
    expect(html).toContain('Demo Company ApS')
    expect(html).toContain('<form method="post" action="/oauth/authorize">')
    expect(html).toContain('value="allow">Allow</button>')
    expect(html).toContain('value="deny">Deny</button>')
    expect(html).toContain(`name="code_challenge" value="${challenge}"`)

    const form = Object.fromEntries(new URL(authorizeUrl({}, challenge), 'http://x').searchParams)
    const allowed = await postForm(t, '/oauth/authorize', { ...form, decision: 'allow' })
    expect(allowed.status).toBe(302)
    const location = new URL(allowed.headers.get('location') ?? '')
    expect(location.searchParams.get('state')).toBe('st4te')
    const exchanged = await token(t, {
      grant_type: 'authorization_code',
      code: location.searchParams.get('code') ?? '',
      redirect_uri: redirectUri,
      code_verifier: verifier,
    })
    expect(exchanged.status).toBe(200)

    const denied = await postForm(t, '/oauth/authorize', { ...form, decision: 'deny' })
    expect(denied.status).toBe(302)
    const back = new URL(denied.headers.get('location') ?? '')
    expect(back.searchParams.get('error')).toBe('access_denied')
    expect(back.searchParams.get('state')).toBe('st4te')
    expect(back.searchParams.get('code')).toBeNull()
  })

  it('shows an error page, never a redirect, for an unknown client or redirect URI', async () => {
    using t = inProcessFake()
    for (const overrides of [
      { redirect_uri: 'http://127.0.0.1:8080/callback/' },
      { redirect_uri: 'https://evil.example/callback' },
      { client_id: 'nobody' },
      { client_id: undefined },
    ]) {
      const response = await t.get(authorizeUrl({ auto_approve: '1', ...overrides }), {})
      expect(response.status).toBe(400)
      expect(response.headers.get('location')).toBeNull()
      expect(await response.text()).toContain('Invalid OAuth request')
    }
  })

  it('redirects back with invalid_request for plain or missing PKCE and invalid_scope', async () => {
    using t = inProcessFake()
    const cases: [Record<string, string | undefined>, string][] = [
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge_method: undefined }, 'invalid_request'],
      [{ code_challenge: undefined }, 'invalid_request'],
      [{ scope: 'export-jobs:read admin' }, 'invalid_scope'],
      [{ response_type: 'token' }, 'unsupported_response_type'],
    ]
    for (const [overrides, error] of cases) {
      const url = authorizeUrl({ auto_approve: '1', ...overrides }, pkce().challenge)
      const response = await t.get(url, {})
      expect(response.status, error).toBe(302)
      const location = new URL(response.headers.get('location') ?? '')
      expect(location.searchParams.get('error')).toBe(error)
      expect(location.searchParams.get('error_description')).toBeTruthy()
      expect(location.searchParams.get('state')).toBe('st4te')
      expect(location.searchParams.get('code')).toBeNull()
    }
  })
})

describe('POST /oauth/token: authorization_code', () => {
  it('answers invalid_grant for a PKCE mismatch', async () => {
    using t = inProcessFake()
    const code = await getCode(t, pkce().challenge)
    const response = await token(t, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: pkce().verifier,
    })
    await expectOAuthError(response, 400, 'invalid_grant')
    expect(t.store.oauth.findCode(code)?.usedAt).toBeNull()
  })

  it('answers invalid_grant for a reused code and revokes the tokens issued from it', async () => {
    using t = inProcessFake()
    const { code, verifier, tokens } = await login(t)
    const again = await token(t, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    })
    await expectOAuthError(again, 400, 'invalid_grant')
    expect(t.store.oauth.findToken(tokens.access_token)?.revoked).toBe(true)
    expect(t.store.oauth.findToken(tokens.refresh_token)?.revoked).toBe(true)
    expect((await listJobs(t, tokens.access_token)).status).toBe(401)
  })

  it('answers invalid_grant for a code used 61 s later or with another redirect_uri', async () => {
    using t = inProcessFake()
    const { verifier, challenge } = pkce()
    const code = await getCode(t, challenge)
    const form = { grant_type: 'authorization_code', code, code_verifier: verifier }
    await expectOAuthError(
      await token(t, { ...form, redirect_uri: 'http://127.0.0.1:8080/other' }),
      400,
      'invalid_grant',
    )
    await t.control.advance(61)
    await expectOAuthError(
      await token(t, { ...form, redirect_uri: redirectUri }),
      400,
      'invalid_grant',
    )
  })

  it('answers invalid_request, unsupported_grant_type and never a 500', async () => {
    using t = inProcessFake()
    await expectOAuthError(
      await token(t, { grant_type: 'authorization_code' }),
      400,
      'invalid_request',
    )
    await expectOAuthError(await token(t, {}), 400, 'invalid_request')
    await expectOAuthError(
      await token(t, { grant_type: 'password' }),
      400,
      'unsupported_grant_type',
    )
    const short = { grant_type: 'authorization_code', code: 'c', redirect_uri: redirectUri }
    await expectOAuthError(
      await token(t, { ...short, code_verifier: 'short' }),
      400,
      'invalid_request',
    )
    const json = await t.request('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    await expectOAuthError(json, 400, 'invalid_request')
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(
            'grant_type',
            'code',
            'refresh_token',
            'code_verifier',
            'client_id',
            'client_secret',
            'redirect_uri',
            'scope',
          ),
          fc.oneof(fc.string(), fc.constantFrom('authorization_code', 'refresh_token')),
        ),
        fc.option(fc.string(), { nil: undefined }),
        async (form, header) => {
          const headers = header === undefined ? {} : { authorization: header }
          const response = await Promise.resolve()
            .then(() => postForm(t, '/oauth/token', form, headers))
            .catch(() => undefined)
          if (!response) return // a header the Request constructor itself refuses
          expect([400, 401]).toContain(response.status)
          errorSchema.parse(await response.json())
        },
      ),
      { numRuns: 150 },
    )
  })
})

describe('POST /oauth/token: refresh_token', () => {
  it('rotates, and a replayed refresh token revokes the whole grant', async () => {
    using t = inProcessFake()
    const first = (await login(t)).tokens
    const rotated = await token(t, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    })
    expect(rotated.status).toBe(200)
    const second = tokenSchema.parse(await rotated.json())
    expect(second.refresh_token).not.toBe(first.refresh_token)
    expect(t.store.oauth.findToken(first.refresh_token)?.used).toBe(true)
    expect((await listJobs(t, second.access_token)).status).toBe(200)

    const replay = await token(t, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    })
    await expectOAuthError(replay, 400, 'invalid_grant')
    const grantId = t.store.oauth.findToken(first.refresh_token)?.grantId ?? ''
    const family = t.store.oauth.grantTokens(grantId)
    expect(family).toHaveLength(4)
    expect(family.every((record) => record.revoked)).toBe(true)
    expect((await listJobs(t, second.access_token)).status).toBe(401)
    const newest = await token(t, {
      grant_type: 'refresh_token',
      refresh_token: second.refresh_token,
    })
    await expectOAuthError(newest, 400, 'invalid_grant')
  })

  it('lets an access token expire after 15 minutes, and a refresh gets a working one', async () => {
    using t = inProcessFake()
    const { tokens } = await login(t)
    await t.control.advance(900)
    const expired = await listJobs(t, tokens.access_token)
    expect(expired.status).toBe(401)
    expect(expired.headers.get('www-authenticate')).toContain('Bearer')
    const refreshed = await token(t, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    })
    expect(refreshed.status).toBe(200)
    const next = tokenSchema.parse(await refreshed.json())
    expect((await listJobs(t, next.access_token)).status).toBe(200)
  })

  it('honours accessTokenTtlSeconds and narrows scopes on refresh, refusing wider ones', async () => {
    using t = inProcessFake({ accessTokenTtlSeconds: 60 })
    const { tokens } = await login(t)
    expect(tokens.expires_in).toBe(60)
    const wider = await token(t, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      scope: 'export-items:read',
    })
    await expectOAuthError(wider, 400, 'invalid_scope')
    const narrower = await token(t, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      scope: 'export-jobs:read',
    })
    const next = tokenSchema.parse(await narrower.json())
    expect(next.scope).toBe('export-jobs:read')
    expect(t.fake.deps.bearer?.(next.access_token, t.fake.deps.clock.now())?.scopes).toEqual([
      'export-jobs:read',
    ])
  })
})

describe('client authentication and introspection', () => {
  it('takes client credentials by Basic or by form, and refuses a bad secret with 401', async () => {
    using t = inProcessFake()
    const { tokens } = await login(t) // Basic
    const byForm = await postForm(t, '/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    })
    expect(byForm.status).toBe(200)
    const badForm = await postForm(t, '/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: 'whatever',
      client_id: client.clientId,
      client_secret: 'wrong',
    })
    await expectOAuthError(badForm, 401, 'invalid_client')
    expect(badForm.headers.get('www-authenticate')).toBe('Basic realm="fake-pleo"')
    const badBasic = await postForm(
      t,
      '/oauth/token',
      { grant_type: 'refresh_token', refresh_token: 'whatever' },
      { authorization: basic(client.clientId, 'wrong') },
    )
    await expectOAuthError(badBasic, 401, 'invalid_client')
    const none = await postForm(t, '/oauth/token', { grant_type: 'refresh_token' })
    await expectOAuthError(none, 401, 'invalid_client')
  })

  it('introspects live tokens as active and dead ones as inactive', async () => {
    using t = inProcessFake()
    const { tokens } = await login(t)
    const auth = { authorization: basic(client.clientId, client.clientSecret) }
    const introspect = async (value: string) => {
      const response = await postForm(t, '/oauth/token/introspect', { token: value }, auth)
      expect(response.status).toBe(200)
      return (await response.json()) as Record<string, unknown>
    }
    const now = Math.floor(t.fake.deps.clock.now() / 1000)
    expect(await introspect(tokens.access_token)).toEqual({
      active: true,
      sub: t.companyId,
      client_id: client.clientId,
      scope: 'export-jobs:read export-jobs:write',
      exp: now + 900,
      iat: now,
      token_type: 'Bearer',
    })
    expect(await introspect('nope')).toEqual({ active: false })
    await t.control.advance(900)
    expect(await introspect(tokens.access_token)).toEqual({ active: false })
    const unauthenticated = await postForm(t, '/oauth/token/introspect', {
      token: tokens.access_token,
    })
    await expectOAuthError(unauthenticated, 401, 'invalid_client')
  })
})

describe('control API: OAuth clients', () => {
  it('POST /_sim/oauth/clients registers a client; POST /_sim/companies includes one', async () => {
    using t = inProcessFake()
    const created = await t.send(
      'POST',
      '/_sim/oauth/clients',
      {
        companyId: t.companyId,
        redirectUris: ['http://127.0.0.1:9999/cb'],
        scopes: ['export-jobs:read'],
      },
      {},
    )
    expect(created.status).toBe(201)
    const body = (await created.json()) as { data: { clientId: string; clientSecret: string } }
    expect(body.data).toMatchObject({
      redirectUris: ['http://127.0.0.1:9999/cb'],
      scopes: ['export-jobs:read'],
    })
    expect(t.store.oauth.verifyClient(body.data.clientId, body.data.clientSecret)).toMatchObject({
      companyId: t.companyId,
    })
    expect(t.store.oauth.verifyClient(body.data.clientId, 'wrong')).toBeUndefined()
    const missing = await t.send(
      'POST',
      '/_sim/oauth/clients',
      {
        companyId: '00000000-0000-4000-8000-000000000000',
        redirectUris: ['http://127.0.0.1:9999/cb'],
      },
      {},
    )
    expect(missing.status).toBe(404)
    const bad = await t.send(
      'POST',
      '/_sim/oauth/clients',
      {
        companyId: t.companyId,
        redirectUris: ['not a url'],
      },
      {},
    )
    expect(bad.status).toBe(400)

    const company = await t.send('POST', '/_sim/companies', {}, {})
    const { data } = (await company.json()) as {
      data: { company: { id: string }; oauthClient: { clientId: string; clientSecret: string } }
    }
    expect(t.store.oauth.getClient(data.oauthClient.clientId)).toEqual({
      clientId: data.oauthClient.clientId,
      companyId: data.company.id,
      redirectUris: [redirectUri],
      scopes: ['export-jobs:read', 'export-jobs:write', 'export-items:read'],
    })
  })
})

describe('journal', () => {
  it('never records a code, verifier, token or client secret', async () => {
    using t = inProcessFake()
    const { code, verifier, tokens } = await login(t)
    await token(t, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })
    const leaky = `/oauth/authorize?code=${code}&access_token=${tokens.access_token}&token=${tokens.refresh_token}&client_secret=${client.clientSecret}&code_verifier=${verifier}&refresh_token=x&state=ok`
    await t.get(leaky, {})
    const entries = t.store.listJournal(0, 1000)
    const text = JSON.stringify(entries)
    for (const secret of [
      code,
      verifier,
      tokens.access_token,
      tokens.refresh_token,
      client.clientSecret,
    ]) {
      expect(text).not.toContain(secret)
    }
    expect(entries.at(-1)?.query).toBe(
      'code=***&access_token=***&token=***&client_secret=***&code_verifier=***&refresh_token=***&state=ok',
    )
    expect(entries.filter((e) => e.path === '/oauth/token').map((e) => e.status)).toEqual([
      200, 200,
    ])
    expect(entries.find((e) => e.path === '/oauth/token')?.companyId).toBe(t.companyId)
  })
})
