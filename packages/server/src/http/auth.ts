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

/** What an Authorization header says, before any lookup: a pure function of the header. */
type Credentials =
  { scheme: 'basic'; key: string } | { scheme: 'bearer'; token: string } | { refusal: string }

function readCredentials(header: string): Credentials {
  const [scheme = '', credentials = '', ...rest] = header.trim().split(/\s+/)
  if (rest.length > 0)
    return { refusal: 'Malformed Authorization header: expected "<scheme> <credentials>".' }
  if (scheme.toLowerCase() === 'basic') {
    const key = decodeBasic(credentials)
    if (!key) return { refusal: 'Malformed Basic credentials: expected base64 of "<api key>:".' }
    return { scheme: 'basic', key }
  }
  if (scheme.toLowerCase() === 'bearer') return { scheme: 'bearer', token: credentials }
  return { refusal: `Unsupported authorization scheme '${scheme}'; use Basic or Bearer.` }
}

/** `readCredentials`, remembering the headers it has read (a suite sends the same few over and
 * over), at most 256, then forgotten whole. Only the parse is remembered: keys and tokens are
 * still looked up on every request. One memory per app (`requireAuth`). */
function rememberCredentials(): (header: string) => Credentials {
  const known = new Map<string, Credentials>()
  return (header) => {
    let read = known.get(header)
    if (!read) {
      read = readCredentials(header)
      if (known.size >= 256) known.clear()
      known.set(header, read)
    }
    return read
  }
}

export function authenticate(
  header: string | undefined,
  deps: AppDeps,
  credentialsOf: (header: string) => Credentials = readCredentials,
): Principal {
  if (!header) {
    throw unauthorized(
      "Missing Authorization header. Send 'Authorization: Basic base64(<api key>:)' (curl -u '<api key>:').",
    )
  }
  const read = credentialsOf(header)
  if ('refusal' in read) throw unauthorized(read.refusal)
  if (read.scheme === 'basic') {
    const record = deps.store.findApiKey(read.key)
    if (!record) throw unauthorized('Unknown API key.')
    return { companyId: record.companyId, scopes: record.scopes, via: 'api-key' }
  }
  const principal = read.token ? deps.bearer?.(read.token, deps.clock.now()) : undefined
  if (!principal) throw unauthorized('The bearer token is not valid or has expired.')
  return principal
}

export function requireAuth(deps: AppDeps): Step {
  const credentialsOf = rememberCredentials()
  return (c) => {
    const principal = authenticate(c.req.header('authorization'), deps, credentialsOf)
    c.set('principal', principal)
    noteRequest(c, { companyId: principal.companyId })
  }
}
