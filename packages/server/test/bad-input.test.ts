// Bad input changes nothing. On every route that takes a body: malformed JSON → 400, a body that
// is not JSON (text, form, no content type) → 415 UNSUPPORTED_MEDIA_TYPE, a body over the
// bodyLimitBytes option → 413 PAYLOAD_TOO_LARGE (one byte under the limit still works); an
// unknown route or method → 404 NOT_FOUND. After each, the database minus the journal and the
// clock are exactly as before, and the journal has recorded the refusal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inProcessFake } from './helpers.ts'
import {
  demoJobs,
  expectError,
  jobBodySchema,
  lastJournalEntry,
  now,
  read,
  stateWithoutJournal,
  storedItems,
  type Fake,
} from './support.ts'

type BodyRoute = { method: string; path: string; headers: Record<string, string> }

/** Every route that takes a JSON body, with the credentials it needs. */
async function bodyRoutes(t: Fake): Promise<BodyRoute[]> {
  const [job] = await demoJobs(t)
  const jobId = job?.id ?? ''
  return [
    { method: 'POST', path: '/v3/export-jobs', headers: t.auth },
    { method: 'POST', path: '/v3/export-job-events', headers: t.auth },
    { method: 'PUT', path: `/v3/export-jobs/${jobId}/items`, headers: t.auth },
    { method: 'POST', path: '/_sim/companies', headers: {} },
    { method: 'POST', path: '/_sim/export-jobs', headers: {} },
    { method: 'POST', path: '/_sim/export-job-events', headers: {} },
    { method: 'POST', path: '/_sim/clock/advance', headers: {} },
    { method: 'POST', path: '/_sim/clock/set', headers: {} },
  ]
}

/** Runs `act`, then asserts the database (minus the journal) and the clock did not change. */
async function unchanged(t: Fake, act: () => Promise<void>): Promise<void> {
  const state = stateWithoutJournal(t)
  const clock = now(t)
  await act()
  expect(stateWithoutJournal(t)).toEqual(state)
  expect(now(t)).toBe(clock)
}

describe('bad input changes nothing', () => {
  let t: Fake
  let routes: BodyRoute[]
  afterEach(() => t.close())
  beforeEach(async () => {
    t = inProcessFake()
    routes = await bodyRoutes(t)
  })

  it('answers 400 for malformed JSON on every body route', async () => {
    for (const route of routes) {
      for (const body of ['{"seconds": 60', "{'seconds': 60}", '{"seconds": 60}}', 'undefined']) {
        await unchanged(t, async () => {
          const response = await t.send(route.method, route.path, body, route.headers)
          const message = await expectError(response, 400, 'BAD_REQUEST')
          expect(message).toContain('Malformed JSON')
        })
        expect(await lastJournalEntry(t)).toMatchObject({ path: route.path, status: 400 })
      }
    }
  })

  it('answers 415 for a body that is not JSON on every body route', async () => {
    const bodies: [string, NonNullable<RequestInit['body']>, Record<string, string>][] = [
      ['text/plain', '{"seconds": 60}', { 'content-type': 'text/plain' }],
      ['a form', 'seconds=60', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['no content type', new TextEncoder().encode('{"seconds": 60}'), {}],
    ]
    for (const route of routes) {
      for (const [label, body, type] of bodies) {
        await unchanged(t, async () => {
          const response = await t.request(route.path, {
            method: route.method,
            headers: { ...route.headers, ...type },
            body,
          })
          const message = await expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE')
          expect(message, `${route.method} ${route.path} with ${label}`).toContain('not JSON')
        })
        expect(await lastJournalEntry(t)).toMatchObject({ path: route.path, status: 415 })
      }
    }
  })

  it('accepts JSON with a charset parameter', async () => {
    const response = await t.request('/_sim/clock/advance', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"seconds": 60}',
    })
    expect(response.status).toBe(200)
  })

  it('answers 404 NOT_FOUND for unknown routes and 405 for known routes with another method', async () => {
    const [job] = await demoJobs(t)
    const unknown: [string, string, Record<string, string>, number][] = [
      ['GET', '/v3/export-job', t.auth, 404],
      ['GET', '/v1/export-jobs', t.auth, 404],
      ['GET', '/v0/export-items', t.auth, 404],
      ['DELETE', `/v3/export-jobs/${job?.id}`, t.auth, 405],
      ['DELETE', `/v2/export-jobs/${job?.id}`, t.auth, 405],
      ['PATCH', `/v3/export-jobs/${job?.id}/items`, t.auth, 405],
      ['GET', '/v3/export-job-events', t.auth, 405],
      // State-changing control requests say JSON (else 415 comes first, before routing).
      ['POST', '/_sim/nope', { 'content-type': 'application/json' }, 404],
      ['DELETE', '/_sim/companies', { 'content-type': 'application/json' }, 405],
      ['GET', '/nowhere', {}, 404],
    ]
    for (const [method, path, headers, status] of unknown) {
      await unchanged(t, async () => {
        const message = await expectError(
          await t.request(path, { method, headers }),
          status,
          status === 404 ? 'NOT_FOUND' : 'METHOD_NOT_ALLOWED',
        )
        expect(message).toContain(
          status === 404 ? `${method} ${path}` : `${method} is not allowed on ${path}`,
        )
      })
      expect(await lastJournalEntry(t)).toMatchObject({ method, path, status })
    }
  })
})

describe('the body limit', () => {
  const limit = 512

  /** A valid CreateExportJob body padded with JSON whitespace to exactly `size` bytes. */
  const createBody = (t: Fake, entry: string, size: number) => {
    const json = JSON.stringify({ accountingEntryIds: [entry], companyId: t.companyId })
    return json + ' '.repeat(size - json.length)
  }

  it('answers 413 PAYLOAD_TOO_LARGE one byte over the limit, on /v3 and /_sim', async () => {
    using t = inProcessFake({ bodyLimitBytes: limit })
    const entry = storedItems(t, (await demoJobs(t))[0]?.id ?? '')[0]?.accountingEntryId ?? ''
    await unchanged(t, async () => {
      const response = await t.send('POST', '/v3/export-jobs', createBody(t, entry, limit + 1))
      const message = await expectError(response, 413, 'PAYLOAD_TOO_LARGE')
      expect(message).toContain(String(limit))
    })
    await unchanged(t, async () => {
      const padded = `{"name": "Acme"}${' '.repeat(limit)}`
      await expectError(
        await t.send('POST', '/_sim/companies', padded, {}),
        413,
        'PAYLOAD_TOO_LARGE',
      )
    })
    expect(await lastJournalEntry(t)).toMatchObject({ path: '/_sim/companies', status: 413 })
    // Exactly at the limit, the same request goes through.
    await read(
      await t.send('POST', '/v3/export-jobs', createBody(t, entry, limit)),
      201,
      jobBodySchema,
    )
  })

  it('answers 413 when Content-Length announces too much', async () => {
    using t = inProcessFake({ bodyLimitBytes: limit })
    const entry = storedItems(t, (await demoJobs(t))[0]?.id ?? '')[0]?.accountingEntryId ?? ''
    const body = createBody(t, entry, limit + 100)
    await unchanged(t, async () => {
      const response = await t.request('/v3/export-jobs', {
        method: 'POST',
        headers: {
          ...t.auth,
          'content-type': 'application/json',
          'content-length': String(body.length),
        },
        body,
      })
      await expectError(response, 413, 'PAYLOAD_TOO_LARGE')
    })
  })

  it('reads a body sent in process as Request.text() would: every byte counts, a BOM is dropped', async () => {
    using t = inProcessFake({ bodyLimitBytes: limit })
    const entry = storedItems(t, (await demoJobs(t))[0]?.id ?? '')[0]?.accountingEntryId ?? ''
    const post = (type: string, body: string | Uint8Array) =>
      t.request('/v3/export-jobs', {
        method: 'POST',
        headers: { ...t.auth, 'content-type': type },
        body,
      })
    // Only a UTF-8 BOM, not said to be JSON: a body all the same (415), and nothing changes.
    await unchanged(t, async () => {
      await expectError(
        await post('text/plain', new Uint8Array([0xef, 0xbb, 0xbf])),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      )
    })
    // Bytes that are not UTF-8 where JSON is said: malformed JSON, and nothing changes.
    await unchanged(t, async () => {
      const message = await expectError(
        await post('application/json', new Uint8Array([0x7b, 0xff, 0x7d])),
        400,
        'BAD_REQUEST',
      )
      expect(message).toContain('Malformed JSON')
    })
    // A BOM before the JSON is dropped: the job is made, for the entry sent.
    const body = JSON.stringify({ accountingEntryIds: [entry], companyId: t.companyId })
    const made = await read(await post('application/json', `\uFEFF${body}`), 201, jobBodySchema)
    expect(storedItems(t, made.data.id).map((item) => item.accountingEntryId)).toEqual([entry])
  })

  it('is 1 MiB by default', async () => {
    using t = inProcessFake()
    expect(t.fake.deps.options.bodyLimitBytes).toBe(1024 * 1024)
    await unchanged(t, async () => {
      const padded = `{"name": "Acme"}${' '.repeat(1024 * 1024)}`
      await expectError(
        await t.send('POST', '/_sim/companies', padded, {}),
        413,
        'PAYLOAD_TOO_LARGE',
      )
    })
  })
})
