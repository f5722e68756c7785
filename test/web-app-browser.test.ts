// The web app at / driven in headless Chromium (puppeteer-core with the system's browser, never a
// downloaded one): press Export and the job shows as pending; a claim made through the API turns
// it in progress live (over /_sim/stream, no reload); an hour on the clock shows it expired; its
// page lists the claim and the 422 of a second claim; redelivering adds an attempt; refused input
// comes back in words; with --admin-token the page acts only once given the token. Each step waits
// on what the page shows (waitForSelector/waitForFunction) and checks what the fake recorded.
// Without a Chromium (CHROMIUM_PATH, /usr/bin/chromium, chromium-browser, google-chrome) the suite
// is skipped with a message saying so. FAKE_PLEO_SCREENSHOTS=docs saves the board and a job page
// to docs/ as PNG.
import { existsSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { startFakePleo } from '@fake-pleo/server'
import { noContent, startReceiver, type Receiver } from './webhook-receiver.ts'

const candidates = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter((path): path is string => typeof path === 'string' && path !== '')
const chromium = candidates.find((path) => existsSync(path))
if (!chromium) {
  console.warn(
    `web app browser tests SKIPPED: no Chromium found (looked at ${candidates.join(', ')}; set CHROMIUM_PATH)`,
  )
}
const screenshots = process.env.FAKE_PLEO_SCREENSHOTS === 'docs'

type Sim = Awaited<ReturnType<typeof startFakePleo>>

let browser: Browser
let receiver: Receiver
const sims: Sim[] = []
const pages: Page[] = []

async function open(sim: Sim, hash = ''): Promise<Page> {
  const page = await browser.newPage()
  pages.push(page)
  await page.setViewport({ width: 1280, height: 800 })
  await page.goto(`${sim.url}/${hash}`, { waitUntil: 'domcontentloaded' })
  return page
}

async function start(options: Parameters<typeof startFakePleo>[0] = {}): Promise<Sim> {
  const sim = await startFakePleo({ clock: 'manual', ...options })
  sims.push(sim)
  return sim
}

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`

async function claim(sim: Sim, jobId: string): Promise<number> {
  const response = await fetch(`${sim.url}/v3/export-job-events`, {
    method: 'POST',
    headers: { Authorization: basic(sim.apiKey), 'Content-Type': 'application/json' },
    body: JSON.stringify({ jobId, event: 'started' }),
  })
  await response.arrayBuffer()
  return response.status
}

// Browser-side code is given as text: the project's TypeScript has no DOM types.
const setValue = (page: Page, selector: string, value: string) =>
  page.evaluate(
    `document.querySelector(${JSON.stringify(selector)}).value = ${JSON.stringify(value)}`,
  )
const noticeMatches = (page: Page, pattern: RegExp, error = false) =>
  page.waitForFunction(
    `(() => { const el = document.getElementById('notice'); return ${error ? "el.className === 'error' && " : ''}${pattern}.test(el.textContent) })()`,
  )

/** Clicks in one step inside the page: a live update may re-render the view at any moment, so a
 * node looked up first and clicked later could be gone. */
const press = async (page: Page, selector: string) => {
  await page.waitForSelector(selector)
  await page.evaluate(`document.querySelector(${JSON.stringify(selector)}).click()`)
}
const textOf = (page: Page, selector: string) =>
  page.evaluate(
    `document.querySelector(${JSON.stringify(selector)}).textContent`,
  ) as Promise<string>

const rowStatus = (page: Page, jobId: string, status: string) =>
  page.waitForSelector(`tr[data-job="${jobId}"] [data-status="${status}"]`)

describe.skipIf(!chromium)('the web app in a browser', () => {
  beforeAll(async () => {
    receiver = await startReceiver()
    browser = await puppeteer.launch({
      executablePath: chromium,
      args: ['--no-sandbox', '--headless', '--disable-gpu'],
    })
  })
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((page) => page.close()))
    await Promise.all(sims.splice(0).map((sim) => sim.stop()))
    receiver.respondWith(noContent)
  })
  afterAll(async () => {
    await browser?.close()
    await receiver?.close()
  })

  it('Export, live claim, expiry on the clock, the job page and a redelivery', async () => {
    const hook = `${receiver.url}/hooks/web-app`
    const sim = await start({ webhooks: [hook] })
    const page = await open(sim)
    await page.waitForSelector('#board tbody tr')

    await setValue(page, '#export-items', '3')
    await press(page, '#export-button')
    await noticeMatches(page, /job [0-9a-f-]{36} is pending/)
    const text = await textOf(page, '#notice')
    const jobId = /job ([0-9a-f-]{36})/.exec(text)?.[1] ?? ''
    await rowStatus(page, jobId, 'pending')
    // What the fake recorded: the job, and the control call with its JSON content type.
    expect(sim.deps.store.getJob(jobId)).toMatchObject({ status: 'pending', numberOfItems: 3 })
    await expect
      .poll(() => receiver.at('/hooks/web-app').map((r) => JSON.parse(r.body)))
      .toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            eventType: 'v1.export-job.created',
            data: expect.objectContaining({ id: jobId }),
          }),
        ]),
      )

    expect(await claim(sim, jobId)).toBe(202)
    await rowStatus(page, jobId, 'in_progress')
    expect(await claim(sim, jobId)).toBe(422)

    await press(page, 'button[data-advance="3600"]')
    await rowStatus(page, jobId, 'expired')
    expect(sim.deps.store.getJob(jobId)?.status).toBe('expired')
    await page.waitForFunction(
      `document.querySelector('[data-count="expired"]').textContent === 'expired (4)'`,
    )
    if (screenshots) await page.screenshot({ path: 'docs/web-app-board.png' })

    await press(page, `tr[data-job="${jobId}"] a`)
    await page.waitForFunction(`(() => {
      const rows = [...document.querySelectorAll('#timeline tbody tr')].map((tr) => tr.textContent)
      const claims = rows.filter((text) => text.includes('POST /v3/export-job-events'))
      return claims.some((t) => t.includes('202')) && claims.some((t) => t.includes('422'))
    })()`)
    expect(await textOf(page, '#view')).toContain(
      'an integration (API key or token): POST /v3/export-job-events',
    )
    await page.waitForSelector('#job-deliveries button[data-redeliver]')
    const created = receiver.at('/hooks/web-app').filter((r) => r.body.includes(jobId))
    expect(created).toHaveLength(1)
    if (screenshots) await page.screenshot({ path: 'docs/web-app-job.png', fullPage: true })

    await press(page, '#job-deliveries button[data-redeliver]')
    await page.waitForFunction(
      `[...document.querySelectorAll('#job-deliveries [data-col="attempt"]')].some((td) => td.textContent === '#2')`,
    )
    const again = receiver.at('/hooks/web-app').filter((r) => r.body.includes(jobId))
    expect(again).toHaveLength(2)
    expect(again[1]?.headers['webhook-id']).toBe(again[0]?.headers['webhook-id'])
  })

  it('tails the journal live, a request that changes nothing included', async () => {
    const sim = await start()
    const page = await open(sim, '#/journal')
    await page.waitForFunction(
      `document.getElementById('stream-state').textContent === 'live updates: on'`,
    )
    // A read that emits no domain event: only the journal knows of it.
    const path = '/v3/export-jobs/00000000-0000-4000-8000-00000000beef'
    const response = await fetch(`${sim.url}${path}`, {
      headers: { Authorization: basic(sim.apiKey) },
    })
    expect(response.status).toBe(404)
    await response.arrayBuffer()
    await page.waitForFunction(
      `[...document.querySelectorAll('#view tbody tr')].some((tr) => tr.textContent.includes(${JSON.stringify(`GET ${path}`)}) && tr.textContent.includes('404'))`,
    )
    // What the fake recorded: that very request, once.
    const recorded = sim.deps.store.listJournal(0, 10_000).filter((e) => e.path === path)
    expect(recorded.map((e) => e.status)).toEqual([404])
  })

  it('shows what the server refused, in words', async () => {
    const sim = await start()
    const page = await open(sim)
    await page.waitForSelector('#board tbody tr')
    await setValue(page, '#export-expires', '99999999')
    await press(page, '#export-button')
    await noticeMatches(page, /BAD_REQUEST: .*expiresIn/, true)
    const { total } = sim.deps.store.listJobs(
      { companyId: sim.companyId },
      { limit: 1, sort: [{ column: 'id', desc: false }] },
    )
    expect(total).toBe(3)
  })

  it('with --admin-token, refuses to act until given the token', async () => {
    const sim = await start({ adminToken: 'web-app-secret' })
    const page = await open(sim)
    await page.waitForSelector('#token-panel:not([hidden])')
    expect(await page.$('#board')).toBeNull()
    expect(await textOf(page, '#token-why')).toMatch(/cannot show or change/)

    await page.type('#token-input', 'wrong')
    await press(page, '#token-form button')
    await noticeMatches(page, /UNAUTHORIZED: The control API needs the admin token/, true)
    expect(await page.$('#board')).toBeNull()
    const refused = sim.deps.store.listJournal(0, 1000).filter((e) => e.path.startsWith('/_sim/'))
    expect(refused.length).toBeGreaterThan(0)
    expect(refused.every((e) => e.status === 401)).toBe(true)

    await setValue(page, '#token-input', '')
    await page.type('#token-input', 'web-app-secret')
    await press(page, '#token-form button')
    await page.waitForSelector('#board tbody tr')
    await page.waitForSelector('#token-panel[hidden]')
    await press(page, '#export-button')
    await noticeMatches(page, /is pending/)
    const pressed = sim.deps.store
      .listJournal(0, 1000)
      .filter((e) => e.method === 'POST' && e.path === '/_sim/export-jobs')
    expect(pressed.map((e) => e.status)).toEqual([201])
  })
})
