// OAuth 2.0 as Pleo runs it: authorization code with PKCE (S256 only), refresh-token rotation
// with reuse detection (a used or revoked refresh token, or a replayed code, revokes its whole
// grant), introspection, and the bearer authenticator the API's auth middleware asks. Errors are
// RFC 6749's codes; the routes turn them into JSON or redirects.
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { AppDeps, BearerAuthenticator, Principal } from '../app-env.ts'
import type { OAuthClient } from '../store/oauth-store.ts'
import type { Store } from '../store/types.ts'
import { allScopes } from './companies.ts'

const codeTtlMs = 60_000
const refreshTokenTtlMs = 30 * 86_400_000
export const defaultRedirectUri = 'http://127.0.0.1:8080/callback'

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'access_denied'

export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
  ) {
    super(description)
  }
}

const fail = (code: OAuthErrorCode, description: string): never => {
  throw new OAuthError(code, description)
}

const opaque = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`

export type NewOAuthClient = {
  companyId: string
  redirectUris: string[]
  scopes?: string[] | undefined
  clientId?: string | undefined
  clientSecret?: string | undefined
}

export function createOAuthClient(
  deps: Pick<AppDeps, 'store' | 'ids' | 'clock'>,
  input: NewOAuthClient,
): OAuthClient & { clientSecret: string } {
  const client = {
    clientId: input.clientId ?? deps.ids.uuid(),
    clientSecret: input.clientSecret ?? deps.ids.secret(),
    companyId: input.companyId,
    redirectUris: [...input.redirectUris],
    scopes: [...(input.scopes ?? allScopes)],
  }
  deps.store.oauth.createClient(client, deps.clock.now())
  return client
}

export type AuthorizeParams = {
  client: OAuthClient
  redirectUri: string
  state: string | undefined
  scopes: string[]
  codeChallenge: string
}

/** The client and redirect URI, or undefined: never redirect to an unverified URI. */
export function trustedRedirect(
  store: Store,
  params: URLSearchParams,
): { client: OAuthClient; redirectUri: string } | undefined {
  const clientId = params.get('client_id') ?? ''
  const redirectUri = params.get('redirect_uri') ?? ''
  const client = clientId ? store.oauth.getClient(clientId) : undefined
  if (!client || !client.redirectUris.includes(redirectUri)) return undefined
  return { client, redirectUri }
}

/** Checks the rest of an authorization request (after trustedRedirect); throws OAuthError. */
export function checkAuthorize(
  trusted: { client: OAuthClient; redirectUri: string },
  params: URLSearchParams,
): AuthorizeParams {
  if (params.get('response_type') !== 'code') {
    fail('unsupported_response_type', "response_type must be 'code'.")
  }
  const method = params.get('code_challenge_method')
  const challenge = params.get('code_challenge') ?? ''
  if (method !== 'S256') fail('invalid_request', 'PKCE is required: code_challenge_method=S256.')
  if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
    fail('invalid_request', 'code_challenge must be base64url(sha256(code_verifier)), 43 chars.')
  }
  const scopes = parseScopes(params.get('scope'), trusted.client.scopes)
  return { ...trusted, state: params.get('state') ?? undefined, scopes, codeChallenge: challenge }
}

function parseScopes(scope: string | null, allowed: string[]): string[] {
  if (scope === null || scope.trim() === '') return [...allowed]
  const asked = [...new Set(scope.trim().split(/\s+/))]
  const unknown = asked.filter((s) => !allowed.includes(s))
  if (unknown.length > 0)
    fail('invalid_scope', `Scope not allowed for this client: ${unknown.join(' ')}`)
  return asked
}

export function issueCode(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  request: AuthorizeParams,
): string {
  const code = opaque('')
  deps.store.oauth.insertCode(code, {
    clientId: request.client.clientId,
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge,
    scopes: request.scopes,
    grantId: randomUUID(),
    expiresAt: deps.clock.now() + codeTtlMs,
  })
  return code
}

export type TokenResponse = {
  access_token: string
  token_type: 'Bearer'
  expires_in: number
  refresh_token: string
  scope: string
}

type TokenDeps = Pick<AppDeps, 'store' | 'clock' | 'options'>

function issueTokens(
  deps: TokenDeps,
  grant: { clientId: string; companyId: string; grantId: string; scopes: string[] },
): TokenResponse {
  const now = deps.clock.now()
  const ttl = deps.options.accessTokenTtlSeconds
  const access = opaque('pla_')
  const refresh = opaque('plr_')
  deps.store.oauth.insertToken(access, {
    ...grant,
    kind: 'access',
    issuedAt: now,
    expiresAt: now + ttl * 1000,
  })
  deps.store.oauth.insertToken(refresh, {
    ...grant,
    kind: 'refresh',
    issuedAt: now,
    expiresAt: now + refreshTokenTtlMs,
  })
  return {
    access_token: access,
    token_type: 'Bearer',
    expires_in: ttl,
    refresh_token: refresh,
    scope: grant.scopes.join(' '),
  }
}

const verifierPattern = /^[A-Za-z0-9._~-]{43,128}$/

const challengeOf = (verifier: string) =>
  createHash('sha256').update(verifier, 'ascii').digest('base64url')

export function exchangeCode(
  deps: TokenDeps,
  client: OAuthClient,
  form: URLSearchParams,
): TokenResponse {
  const code = form.get('code') ?? fail('invalid_request', 'code is required.')
  const redirectUri =
    form.get('redirect_uri') ?? fail('invalid_request', 'redirect_uri is required.')
  const verifier =
    form.get('code_verifier') ?? fail('invalid_request', 'code_verifier is required.')
  if (!verifierPattern.test(verifier)) {
    fail('invalid_request', 'code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~].')
  }
  const record = deps.store.oauth.findCode(code)
  if (!record || record.clientId !== client.clientId) {
    return fail('invalid_grant', 'The authorization code is not valid.')
  }
  if (record.usedAt !== null) {
    deps.store.oauth.revokeGrant(record.grantId)
    fail('invalid_grant', 'The authorization code was already used; its tokens are revoked.')
  }
  if (deps.clock.now() >= record.expiresAt) fail('invalid_grant', 'The authorization code expired.')
  if (record.redirectUri !== redirectUri) {
    fail('invalid_grant', 'redirect_uri does not match the one in the authorization request.')
  }
  if (challengeOf(verifier) !== record.codeChallenge) {
    fail('invalid_grant', 'code_verifier does not match the code_challenge.')
  }
  if (!deps.store.oauth.useCode(code, deps.clock.now())) {
    deps.store.oauth.revokeGrant(record.grantId)
    fail('invalid_grant', 'The authorization code was already used; its tokens are revoked.')
  }
  return issueTokens(deps, {
    clientId: client.clientId,
    companyId: client.companyId,
    grantId: record.grantId,
    scopes: record.scopes,
  })
}

export function refreshTokens(
  deps: TokenDeps,
  client: OAuthClient,
  form: URLSearchParams,
): TokenResponse {
  const presented =
    form.get('refresh_token') ?? fail('invalid_request', 'refresh_token is required.')
  const record = deps.store.oauth.findToken(presented)
  if (!record || record.kind !== 'refresh' || record.clientId !== client.clientId) {
    return fail('invalid_grant', 'The refresh token is not valid.')
  }
  if (record.used || record.revoked) {
    deps.store.oauth.revokeGrant(record.grantId)
    fail('invalid_grant', 'The refresh token was already used or revoked; the grant is revoked.')
  }
  if (deps.clock.now() >= record.expiresAt) fail('invalid_grant', 'The refresh token expired.')
  const scope = form.get('scope')
  const scopes = scope === null ? record.scopes : parseScopes(scope, record.scopes)
  if (!deps.store.oauth.useToken(presented)) {
    deps.store.oauth.revokeGrant(record.grantId)
    fail('invalid_grant', 'The refresh token was already used; the grant is revoked.')
  }
  return issueTokens(deps, { ...record, scopes })
}

export type Introspection =
  | { active: false }
  | {
      active: true
      sub: string
      client_id: string
      scope: string
      exp: number
      iat: number
      token_type: 'Bearer'
    }

export function introspect(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  client: OAuthClient,
  token: string,
): Introspection {
  const record = token ? deps.store.oauth.findToken(token) : undefined
  const live =
    record &&
    record.clientId === client.clientId &&
    !record.revoked &&
    !(record.kind === 'refresh' && record.used) &&
    deps.clock.now() < record.expiresAt
  if (!live) return { active: false }
  return {
    active: true,
    sub: record.companyId,
    client_id: record.clientId,
    scope: record.scopes.join(' '),
    exp: Math.floor(record.expiresAt / 1000),
    iat: Math.floor(record.issuedAt / 1000),
    token_type: 'Bearer',
  }
}

/** deps.bearer for the fake: a live access token stands for its company with its scopes. */
export function oauthBearer(store: Store): BearerAuthenticator {
  return (token, now): Principal | undefined => {
    const record = store.oauth.findToken(token)
    if (!record || record.kind !== 'access' || record.revoked || now >= record.expiresAt) {
      return undefined
    }
    return { companyId: record.companyId, scopes: record.scopes, via: 'bearer' }
  }
}
