// GET /: the web app's page as the server renders it, without a browser (the browser tests are in
// test/web-app-browser.test.ts): one self-contained HTML page that loads nothing from another
// host, whose inline script compiles, which names the demo company when there is one and says
// when the control API needs the admin token; GET / needs no credentials, even with a token.
import { describe, expect, it, onTestFinished } from 'vitest'
import { inProcessFake } from './helpers.ts'

async function page(options: Parameters<typeof inProcessFake>[0] = {}) {
  const t = inProcessFake(options)
  onTestFinished(() => t.close())
  const response = await t.get('/', {})
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^text\/html/)
  return { t, html: await response.text() }
}

const config = (html: string) =>
  JSON.parse(/window\.FAKE_PLEO = (\{.*?\})<\/script>/.exec(html)?.[1] ?? 'null') as {
    defaultCompanyId: string | null
    needsToken: boolean
    streamTypes?: string
  }

describe('GET / (the web app)', () => {
  it('is one page that loads nothing from another host, with a script that compiles', async () => {
    const { html } = await page()
    const links = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1] ?? '')
    expect(links.length).toBeGreaterThan(0)
    for (const link of links) expect(link, link).toMatch(/^(\/|#)/)
    expect(html).not.toMatch(/<script[^>]+src=/)
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '')
    expect(scripts).toHaveLength(2)
    for (const script of scripts) expect(() => new Function(script)).not.toThrow()
    expect(html).toContain('href="/docs"')
  })

  it('starts on the demo company, and says nothing needs a token without --admin-token', async () => {
    const { t, html } = await page()
    expect(config(html)).toMatchObject({ defaultCompanyId: t.companyId, needsToken: false })
    // The page follows every event type, the opt-in journal.appended included (a live journal).
    expect(String(config(html).streamTypes).split(',')).toContain('journal.appended')
    const empty = await page({ seed: 'empty' })
    expect(config(empty.html).defaultCompanyId).toBeNull()
  })

  it('is served without credentials under --admin-token, and says the control API needs it', async () => {
    const { t, html } = await page({ adminToken: 'secret-token' })
    expect(config(html).needsToken).toBe(true)
    expect(html).not.toContain('secret-token')
    expect((await t.get(`/_sim/board?companyId=${t.companyId}`, {})).status).toBe(401)
  })
})
