// The web app's HTML shell, rendered by the server: header (company switcher, virtual clock,
// admin token), navigation and the empty sections the client script fills in. Styles and the
// script are inlined, so the page is one request with no build step and no CDN.
import { webAppStyles } from './styles.ts'
import { webAppScript } from './client-script.ts'

export type WebAppPage = {
  title: string
  version: string
  /** The company shown first (the demo company when seeded). */
  defaultCompanyId: string | undefined
  /** Whether the control API needs the admin token. */
  needsToken: boolean
}

const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

export function renderWebApp(page: WebAppPage): string {
  const config = JSON.stringify({
    defaultCompanyId: page.defaultCompanyId ?? null,
    needsToken: page.needsToken,
  }).replace(/</g, '\\u003c')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(page.title)}</title>
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
<style>${webAppStyles}</style>
</head>
<body>
<header>
  <h1>fake-pleo <span class="muted">${escape(page.version)}</span></h1>
  <label>Company <select id="company" aria-label="Company"></select></label>
  <span class="spacer"></span>
  <span id="clock" aria-live="polite">Clock: …</span>
  <span id="stream-state" class="muted">live updates: connecting…</span>
  <a href="/docs">API reference</a>
</header>
<nav aria-label="Views">
  <a href="#/board">Jobs</a>
  <a href="#/clock">Clock</a>
  <a href="#/webhooks">Webhooks</a>
  <a href="#/faults">Faults</a>
  <a href="#/journal">Journal</a>
  <a href="#/company">API key</a>
</nav>
<main>
  <div id="notice" role="status" aria-live="polite"></div>
  <section id="token-panel" class="card token" hidden aria-labelledby="token-title">
    <h2 id="token-title">Admin token needed</h2>
    <p id="token-why">This server was started with <code>--admin-token</code>: the control API
    (<code>/_sim</code>) answers 401 without it, so this page cannot show or change anything until
    you give it. It is kept in this tab only (session storage) and sent as
    <code>Authorization: Bearer …</code> on control calls.</p>
    <form id="token-form" class="row">
      <label>Admin token <input id="token-input" type="password" autocomplete="off" required></label>
      <button class="primary" type="submit">Use token</button>
    </form>
  </section>
  <div id="view"></div>
</main>
<noscript><p>This page needs JavaScript. Everything it shows comes from the control API:
<a href="/docs">/docs</a>.</p></noscript>
<script>window.FAKE_PLEO = ${config}</script>
<script>${webAppScript}</script>
</body>
</html>
`
}
