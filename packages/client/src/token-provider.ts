// OAuth access tokens for the client, refreshed centrally as Pleo's guidance asks: one refresh at
// a time (concurrent callers share it), rotation (every refresh returns a new refresh token,
// which replaces the old one and is handed to `onRotate` to persist), and a safety margin so a
// token is renewed before it expires rather than after a 401. Plug it in as
// `createPleoClient({auth: {bearer: provider.token}})`.
import type { FetchLike } from './transport.ts'

export type TokenSet = { accessToken: string; refreshToken: string; expiresAt: number }

export type TokenProviderOptions = {
  /** The token endpoint, e.g. https://auth.pleo.io/oauth/token or the fake's /oauth/token. */
  tokenUrl: string
  clientId: string
  clientSecret: string
  /** What the authorization-code exchange returned (expiresAt in epoch ms). */
  initial: TokenSet
  fetch?: FetchLike
  now?: () => number
  /** Renew this many seconds before expiry (default 60). */
  marginSeconds?: number
  /** Called with every new token set, to persist the rotated refresh token. */
  onRotate?: (tokens: TokenSet) => void | Promise<void>
}

export type TokenProvider = {
  /** A valid access token, refreshing first when it is (nearly) expired. */
  token(): Promise<string>
  /** Forget the access token (after a 401), so the next call refreshes. */
  invalidate(): void
  current(): TokenSet
}

export class TokenRefreshError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
  ) {
    super(`token refresh failed (${status}): ${error}`)
  }
}

type TokenResponse = { access_token: string; refresh_token: string; expires_in: number }

const isTokenResponse = (value: unknown): value is TokenResponse =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as TokenResponse).access_token === 'string' &&
  typeof (value as TokenResponse).refresh_token === 'string' &&
  typeof (value as TokenResponse).expires_in === 'number'

export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const send = options.fetch ?? ((input, init) => fetch(input, init))
  const now = options.now ?? Date.now
  const margin = (options.marginSeconds ?? 60) * 1000
  let tokens = options.initial
  let refreshing: Promise<string> | undefined

  const refresh = async (): Promise<string> => {
    const basic = Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')
    const response = await send(options.tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refreshToken,
      }).toString(),
    })
    const body: unknown = await response.json().catch(() => undefined)
    if (!response.ok || !isTokenResponse(body)) {
      const error = (body as { error?: string } | undefined)?.error ?? 'invalid_response'
      throw new TokenRefreshError(response.status, error)
    }
    tokens = {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      expiresAt: now() + body.expires_in * 1000,
    }
    await options.onRotate?.(tokens)
    return tokens.accessToken
  }

  return {
    token() {
      if (now() < tokens.expiresAt - margin) return Promise.resolve(tokens.accessToken)
      refreshing ??= refresh().finally(() => {
        refreshing = undefined
      })
      return refreshing
    },
    invalidate() {
      tokens = { ...tokens, expiresAt: 0 }
    },
    current: () => tokens,
  }
}
