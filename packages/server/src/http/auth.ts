// API-key authentication as Pleo has it: `Authorization: Basic base64(apiKey + ":")`. Bearer
// tokens go to an injected authenticator (the OAuth seam). Missing or wrong credentials → 401
// with WWW-Authenticate; the principal (company and scopes) is put on the context.
import { ApiError } from '../api-error.ts'
import type { AppDeps, Principal } from '../app-env.ts'
import { noteRequest } from './journal.ts'
import type { Step } from './request-frame.ts'

const challenge = { 'WWW-Authenticate': 'Basic realm="fake-pleo", Bearer realm="fake-pleo"' }

const unauthorized = (message: string) => new ApiError('UNAUTHORIZED', message, challenge)

function decodeBasic(credentials: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(credentials)) return undefined
  const decoded = Buffer.from(credentials, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  const key = colon < 0 ? decoded : decoded.slice(0, colon)
  return key.length > 0 ? key : undefined
}

export function authenticate(header: string | undefined, deps: AppDeps): Principal {
  if (!header) {
    throw unauthorized(
      "Missing Authorization header. Send 'Authorization: Basic base64(<api key>:)' (curl -u '<api key>:').",
    )
  }
  const [scheme = '', credentials = '', ...rest] = header.trim().split(/\s+/)
  if (rest.length > 0)
    throw unauthorized('Malformed Authorization header: expected "<scheme> <credentials>".')
  if (scheme.toLowerCase() === 'basic') {
    const key = decodeBasic(credentials)
    if (!key) throw unauthorized('Malformed Basic credentials: expected base64 of "<api key>:".')
    const record = deps.store.findApiKey(key)
    if (!record) throw unauthorized('Unknown API key.')
    return { companyId: record.companyId, scopes: record.scopes, via: 'api-key' }
  }
  if (scheme.toLowerCase() === 'bearer') {
    const principal = credentials ? deps.bearer?.(credentials, deps.clock.now()) : undefined
    if (!principal) throw unauthorized('The bearer token is not valid or has expired.')
    return principal
  }
  throw unauthorized(`Unsupported authorization scheme '${scheme}'; use Basic or Bearer.`)
}

export function requireAuth(deps: AppDeps): Step {
  return (c) => {
    const principal = authenticate(c.req.header('authorization'), deps)
    c.set('principal', principal)
    noteRequest(c, { companyId: principal.companyId })
  }
}
