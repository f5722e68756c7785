// The OAuth 2.0 endpoints: GET/POST /oauth/authorize (consent page, or an immediate redirect
// with auto-approve), POST /oauth/token (authorization_code and refresh_token grants, client
// authenticated by Basic or by form fields) and POST /oauth/token/introspect. Plain Hono routes
// (HTML and forms, not JSON), documented in /openapi.json by oauth-docs.ts. Errors follow
// RFC 6749: JSON `{error, error_description}` from the token endpoints, a redirect back to the
// client from /oauth/authorize — except for an unknown client or redirect URI, which get an
// HTML page.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppDeps, AppEnv } from '../app-env.ts'
import { noteRequest } from '../http/journal.ts'
import { documentOAuthRoutes } from './oauth-docs.ts'
import type { OAuthClient } from '../store/oauth-store.ts'
import {
  checkAuthorize,
  exchangeCode,
  introspect,
  issueCode,
  OAuthError,
  refreshTokens,
  trustedRedirect,
  type AuthorizeParams,
} from '../services/oauth.ts'

const noStore = { 'Cache-Control': 'no-store', Pragma: 'no-cache' }

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
  `<body style="font-family: sans-serif; max-width: 32rem; margin: 3rem auto">${body}</body></html>`

const forwarded = [
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'code_challenge_method',
  'code_challenge',
]

function redirectBack(redirectUri: string, params: Record<string, string | undefined>): Response {
  const url = new URL(redirectUri)
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(key, value)
  }
  return new Response(null, { status: 302, headers: { Location: url.toString(), ...noStore } })
}

function badClientPage(c: Context<AppEnv>): Response {
  return c.html(
    page(
      'Invalid OAuth request',
      '<h1>Invalid OAuth request</h1><p>Unknown <code>client_id</code>, or a <code>redirect_uri</code> ' +
        'that is not exactly one registered for the client. Not redirecting.</p>',
    ),
    400,
    noStore,
  )
}

function consentPage(deps: AppDeps, request: AuthorizeParams, params: URLSearchParams): string {
  const company = deps.store.getCompany(request.client.companyId)
  const hidden = forwarded
    .map((name) => [name, params.get(name)] as const)
    .filter((pair): pair is readonly [string, string] => pair[1] !== null)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('')
  const scopes = request.scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('')
  return page(
    'Authorize access',
    `<h1>Authorize access</h1><p>An integration (client <code>${escapeHtml(request.client.clientId)}</code>) ` +
      `asks to access <strong>${escapeHtml(company?.name ?? request.client.companyId)}</strong> with:</p>` +
      `<ul>${scopes}</ul><form method="post" action="/oauth/authorize">${hidden}` +
      '<button type="submit" name="decision" value="allow">Allow</button> ' +
      '<button type="submit" name="decision" value="deny">Deny</button></form>',
  )
}

async function readForm(c: Context<AppEnv>): Promise<URLSearchParams | undefined> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded') return undefined
  try {
    return new URLSearchParams(await c.req.text())
  } catch {
    return undefined
  }
}

const hasDuplicates = (params: URLSearchParams) => {
  const keys = [...params.keys()]
  return new Set(keys).size !== keys.length
}

type Decision = 'allow' | 'deny' | 'ask' | 'invalid'

function authorize(c: Context<AppEnv>, deps: AppDeps, params: URLSearchParams, decision: Decision) {
  const trusted = trustedRedirect(deps.store, params)
  if (!trusted) return badClientPage(c)
  noteRequest(c, { companyId: trusted.client.companyId })
  const state = params.get('state') ?? undefined
  try {
    const request = checkAuthorize(trusted, params)
    if (decision === 'ask') return c.html(consentPage(deps, request, params), 200, noStore)
    if (decision === 'invalid') {
      throw new OAuthError('invalid_request', "decision must be 'allow' or 'deny'.")
    }
    if (decision === 'deny') {
      return redirectBack(request.redirectUri, {
        error: 'access_denied',
        error_description: 'The user denied access.',
        state,
      })
    }
    return redirectBack(request.redirectUri, { code: issueCode(deps, request), state })
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error
    return redirectBack(trusted.redirectUri, {
      error: error.code,
      error_description: error.description,
      state,
    })
  }
}

const oauthError = (c: Context<AppEnv>, error: OAuthError) => {
  const status = error.code === 'invalid_client' ? 401 : 400
  const challenge: Record<string, string> =
    status === 401 ? { 'WWW-Authenticate': 'Basic realm="fake-pleo"' } : {}
  return c.json({ error: error.code, error_description: error.description }, status, {
    ...noStore,
    ...challenge,
  })
}

/** The client from Basic credentials or client_id/client_secret form fields (not both). */
function authenticateClient(
  deps: AppDeps,
  header: string | undefined,
  form: URLSearchParams,
): OAuthClient {
  let id = form.get('client_id')
  let secret = form.get('client_secret')
  if (header !== undefined) {
    const [scheme = '', credentials = ''] = header.trim().split(/\s+/, 2)
    if (scheme.toLowerCase() !== 'basic' || !/^[A-Za-z0-9+/]+={0,2}$/.test(credentials)) {
      throw new OAuthError('invalid_client', 'Use Basic client authentication.')
    }
    if (secret !== null) {
      throw new OAuthError('invalid_request', 'Authenticate the client one way, not two.')
    }
    const decoded = Buffer.from(credentials, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    try {
      id = decodeURIComponent(colon < 0 ? decoded : decoded.slice(0, colon))
      secret = decodeURIComponent(colon < 0 ? '' : decoded.slice(colon + 1))
    } catch {
      throw new OAuthError('invalid_client', 'Malformed Basic credentials.')
    }
  }
  if (!id || !secret) throw new OAuthError('invalid_client', 'Client authentication is required.')
  const client = deps.store.oauth.verifyClient(id, secret)
  if (!client) throw new OAuthError('invalid_client', 'Unknown client or wrong client secret.')
  return client
}

async function formEndpoint(
  c: Context<AppEnv>,
  deps: AppDeps,
  handle: (client: OAuthClient, form: URLSearchParams) => unknown,
): Promise<Response> {
  try {
    const form = await readForm(c)
    if (!form) {
      throw new OAuthError('invalid_request', 'Send application/x-www-form-urlencoded parameters.')
    }
    if (hasDuplicates(form)) throw new OAuthError('invalid_request', 'A parameter is repeated.')
    const client = authenticateClient(deps, c.req.header('authorization'), form)
    noteRequest(c, { companyId: client.companyId })
    return c.json(handle(client, form) as object, 200, noStore)
  } catch (error) {
    if (error instanceof OAuthError) return oauthError(c, error)
    deps.log.error('oauth endpoint failed', error)
    return c.json(
      { error: 'invalid_request', error_description: 'The request could not be processed.' },
      400,
      noStore,
    )
  }
}

export function registerOAuthRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  documentOAuthRoutes(app)
  app.get('/oauth/authorize', (c) => {
    const params = new URL(c.req.url).searchParams
    const auto = params.get('auto_approve') === '1' || deps.options.oauthAutoApprove
    return authorize(c, deps, params, auto ? 'allow' : 'ask')
  })

  app.post('/oauth/authorize', async (c) => {
    const form = await readForm(c)
    if (!form) return badClientPage(c)
    const decision = form.get('decision')
    return authorize(
      c,
      deps,
      form,
      decision === 'allow' || decision === 'deny' ? decision : 'invalid',
    )
  })

  app.post('/oauth/token', (c) =>
    formEndpoint(c, deps, (client, form) => {
      const grant = form.get('grant_type')
      if (!grant) throw new OAuthError('invalid_request', 'grant_type is required.')
      if (grant === 'authorization_code') return exchangeCode(deps, client, form)
      if (grant === 'refresh_token') return refreshTokens(deps, client, form)
      throw new OAuthError('unsupported_grant_type', `Unsupported grant_type '${grant}'.`)
    }),
  )

  app.post('/oauth/token/introspect', (c) =>
    formEndpoint(c, deps, (client, form) => introspect(deps, client, form.get('token') ?? '')),
  )
}
