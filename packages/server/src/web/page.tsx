/** @jsxImportSource hono/jsx */
// The web app's HTML shell, rendered on the server with Hono's JSX: header (company switcher,
// virtual clock, live-update state), navigation, the admin-token form and the empty view the
// client script fills in. Styles and the script are inlined, so the page is one request with no
// build step and no CDN.
import { raw } from 'hono/html'
import { exportJobStatuses } from '@fake-pleo/contract'
import { domainEventTypes } from '../events.ts'
import { webAppScript } from './client-script.ts'
import { webAppStyles } from './styles.ts'

export type WebAppPage = {
  title: string
  version: string
  /** The company shown first (the demo company when seeded). */
  defaultCompanyId: string | undefined
  /** Whether the control API needs the admin token. */
  needsToken: boolean
}

/** JSON for an inline script: `<` escaped so no `</script>` can end it early. */
const inlineJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c')

const views = [
  ['#/board', 'Jobs'],
  ['#/clock', 'Clock'],
  ['#/webhooks', 'Webhooks'],
  ['#/faults', 'Faults'],
  ['#/journal', 'Journal'],
  ['#/company', 'API key'],
] as const

function Page(page: WebAppPage) {
  const config = {
    defaultCompanyId: page.defaultCompanyId ?? null,
    needsToken: page.needsToken,
    // Every type, journal.appended included (sent only when named): the journal tail is live.
    streamTypes: domainEventTypes.join(','),
    // The job board's columns, in the contract's order.
    statuses: exportJobStatuses,
  }
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{page.title}</title>
        <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" />
        <style>{raw(webAppStyles)}</style>
      </head>
      <body>
        <header>
          <h1>
            fake-pleo <span class="muted">{page.version}</span>
          </h1>
          <label>
            Company <select id="company" aria-label="Company"></select>
          </label>
          <span class="spacer"></span>
          <span id="clock" aria-live="polite">
            Clock: …
          </span>
          <span id="stream-state" class="muted">
            live updates: connecting…
          </span>
          <a href="/docs">API reference</a>
        </header>
        <nav aria-label="Views">
          {views.map(([href, label]) => (
            <a href={href}>{label}</a>
          ))}
        </nav>
        <main>
          <div id="notice" role="status" aria-live="polite"></div>
          <section id="token-panel" class="card token" hidden aria-labelledby="token-title">
            <h2 id="token-title">Admin token needed</h2>
            <p id="token-why">
              This server was started with <code>--admin-token</code>: the control API (
              <code>/_sim</code>) answers 401 without it, so this page cannot show or change
              anything until you give it. It is kept in this tab only (session storage) and sent as{' '}
              <code>Authorization: Bearer …</code> on control calls.
            </p>
            <form id="token-form" class="row">
              <label>
                Admin token <input id="token-input" type="password" autocomplete="off" required />
              </label>
              <button class="primary" type="submit">
                Use token
              </button>
            </form>
          </section>
          <div id="view"></div>
        </main>
        <noscript>
          <p>
            This page needs JavaScript. Everything it shows comes from the control API:{' '}
            <a href="/docs">/docs</a>.
          </p>
        </noscript>
        <script>{raw(`window.FAKE_PLEO = ${inlineJson(config)}`)}</script>
        <script>{raw(webAppScript)}</script>
      </body>
    </html>
  )
}

export function renderWebApp(page: WebAppPage): string {
  return `<!doctype html>\n${String(<Page {...page} />)}`
}
