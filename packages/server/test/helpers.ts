// Shared test helpers: an in-process fake (app.request, no socket) with a manual clock, disposable
// (`using t = inProcessFake()`, or close() after each test when a beforeEach makes it), and
// small request helpers that add the API key and JSON headers.
import { createFakePleo, type FakePleoOptions } from '../src/index.ts'

export function basicAuth(apiKey: string): string {
  return `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`
}

export function inProcessFake(options: FakePleoOptions = {}) {
  const fake = createFakePleo({ seed: 'demo', clock: 'manual', ...options })
  const apiKey = fake.apiKey ?? ''
  const companyId = fake.companyId ?? ''
  const auth = { authorization: basicAuth(apiKey) }
  const request = (path: string, init: RequestInit = {}) => fake.app.request(path, init)
  const get = (path: string, headers: Record<string, string> = auth) => request(path, { headers })
  const send = (
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string> = auth,
  ) =>
    request(path, {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
  const control = {
    pressExport: async (body: Record<string, unknown> = {}) => {
      const response = await send('POST', '/_sim/export-jobs', { companyId, ...body }, {})
      return ((await response.json()) as { data: { id: string } }).data
    },
    advance: (seconds: number) => send('POST', '/_sim/clock/advance', { seconds }, {}),
  }
  const close = () => fake.close()
  return {
    fake,
    store: fake.deps.store,
    apiKey,
    companyId,
    auth,
    request,
    get,
    send,
    control,
    /** Closes the fake (its dispatcher polls the database until then). */
    close,
    /** `using t = inProcessFake()` closes it at the end of the test. */
    [Symbol.dispose]: close,
  }
}
