// GET /docs: Swagger UI (the swagger-ui-dist package) over /openapi.json, served by the fake
// itself from the installed package, so the reference works offline: no CDN, and no request
// leaves the machine (the online validator badge is off). "Try it out" calls this fake, already
// authorized with the demo company's API key and with its id filled in where asked; the
// Authorize dialog offers the API key, a bearer token and the OAuth 2.0 flow (PKCE) against the
// fake's /oauth endpoints, which redirect back to /docs/oauth2-redirect.html.
import { readFileSync } from 'node:fs'
import { createRequire as requireFrom } from 'node:module'
import { dirname, join } from 'node:path'

/** The files of swagger-ui-dist the page uses, by the name they are served under. */
export const docsAssets = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
  'oauth2-redirect.html': 'text/html; charset=utf-8',
  'oauth2-redirect.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
} as const

export type DocsAsset = keyof typeof docsAssets

let distDir: string | undefined
const cache = new Map<string, Uint8Array>()

/** Where swagger-ui-dist is installed, resolved from this module or from the CLI bundle (hence
 * `requireFrom`: the bundle's banner declares `createRequire` itself). */
function swaggerUiDir(): string {
  distDir ??= dirname(requireFrom(import.meta.url).resolve('swagger-ui-dist/package.json'))
  return distDir
}

/** One of docsAssets as a response, read from the package once. */
export function docsAsset(name: DocsAsset): Response {
  let bytes = cache.get(name)
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(join(swaggerUiDir(), name)))
    cache.set(name, bytes)
  }
  return new Response(bytes, {
    headers: {
      'Content-Type': docsAssets[name],
      'Content-Length': String(bytes.byteLength),
      'Cache-Control': 'public, max-age=3600',
    },
  })
}

const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

/** What "Try it out" is pre-filled with: the demo company's id and API key, when it exists. */
export type TryItDefaults = { companyId: string; apiKey: string }

export function renderDocsPage(title: string, tryIt?: TryItDefaults): string {
  const defaults = JSON.stringify(tryIt ?? null).replace(/</g, '\\u003c')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<noscript><p>This page needs JavaScript. The OpenAPI document itself: <a href="/openapi.json">/openapi.json</a>.</p></noscript>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<p style="font:14px system-ui,sans-serif;margin:8px 20px"><a href="/">← the web app</a></p>
<script>
const tryIt = ${defaults}
window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  oauth2RedirectUrl: window.location.origin + '/docs/oauth2-redirect.html',
  // "Try it out" starts with the demo company's id wherever an operation asks for one.
  parameterMacro: (operation, parameter) =>
    tryIt && (parameter.name === 'company_id' || parameter.name === 'companyId')
      ? tryIt.companyId
      : undefined,
  onComplete: () => {
    if (tryIt) window.ui.preauthorizeBasic('basicAuth', tryIt.apiKey, '')
  },
  // The control API needs every state change to say JSON, body or not (decision 0019).
  requestInterceptor: (request) => {
    const path = new URL(request.url, window.location.href).pathname
    const typed = Object.keys(request.headers).some((name) => name.toLowerCase() === 'content-type')
    if (request.method !== 'GET' && path.startsWith('/_sim/') && !typed) {
      request.headers['Content-Type'] = 'application/json'
    }
    return request
  },
})
window.ui.initOAuth({ usePkceWithAuthorizationCodeGrant: true })
</script>
</body>
</html>
`
}
