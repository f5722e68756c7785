// Authentication never succeeds by accident: fast-check throws random Authorization headers at
// GET /v3/export-jobs and POST /v3/export-job-events (a valid event that would change the state)
// — random schemes and credentials, base64 of random strings, random bearer tokens, and
// near-misses of the real API key (one character changed, case flipped, a colon before or inside
// the key, whitespace splitting the credentials, trailing junk, the key sent raw or as a bearer
// token, a lower-case scheme with a wrong key). Every one answers exactly 401 and changes
// nothing; the real key in proper Basic form answers 200 as the control. (The key without the
// trailing colon and a lower-case `basic` scheme are accepted on purpose: see auth.test.ts.)
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createFakePleo } from '@fake-pleo/server'

const b64 = (text: string) => Buffer.from(text).toString('base64')
const basic = (key: string) => `Basic ${b64(`${key}:`)}`

const fake = createFakePleo({ seed: 'demo', clock: 'manual' })
const realKey = fake.apiKey ?? ''
const jobId = String(fake.deps.store.snapshot().export_jobs?.[0]?.id ?? '')

/** Printable ASCII (what a Headers value may hold without trimming surprises). */
const printable = (maxLength: number, minLength = 0) =>
  fc.string({
    unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
    minLength,
    maxLength,
  })

const scheme = fc.oneof(
  fc.constantFrom('Basic', 'basic', 'BASIC', 'Bearer', 'bearer', 'Digest', 'Token', 'ApiKey', ''),
  printable(12, 1),
)

/** The real key with one character replaced by a different one. */
const oneCharChanged = fc
  .tuple(fc.nat({ max: realKey.length - 1 }), fc.integer({ min: 0x20, max: 0x7e }))
  .map(([at, code]) => {
    const old = realKey.charCodeAt(at)
    const replacement = String.fromCharCode(code === old ? ((code - 0x20 + 1) % 95) + 0x20 : code)
    return realKey.slice(0, at) + replacement + realKey.slice(at + 1)
  })

const caseFlipped = fc
  .constantFrom(realKey.toUpperCase(), realKey.toLowerCase())
  .filter((key) => key !== realKey)

const colonInside = fc
  .nat({ max: realKey.length - 1 })
  .map((at) => `${realKey.slice(0, at)}:${realKey.slice(at)}`)

const nearMissKey = fc.oneof(
  oneCharChanged,
  caseFlipped,
  fc.constantFrom(realKey.slice(0, -1), `${realKey}x`),
)

const header = fc.oneof(
  // anything at all
  fc.tuple(scheme, printable(80)).map(([s, c]) => `${s} ${c}`),
  printable(100),
  // base64 of random strings under a Basic-ish scheme, with and without the colon
  fc
    .tuple(fc.constantFrom('Basic', 'basic', 'BASIC'), fc.string({ maxLength: 60 }), fc.boolean())
    .map(([s, text, colon]) => `${s} ${b64(colon ? `${text}:` : text)}`),
  // random bearer tokens, and the key itself as one
  fc.tuple(fc.constantFrom('Bearer', 'bearer'), printable(80, 1)).map(([s, t]) => `${s} ${t}`),
  fc.constantFrom(`Bearer ${realKey}`, `bearer ${realKey}`, `Bearer ${b64(`${realKey}:`)}`),
  // near-misses of the real key in proper Basic form, and with a lower-case scheme
  nearMissKey.map(basic),
  nearMissKey.map((key) => `basic ${b64(`${key}:`)}`),
  // a colon before the key (an empty user name) or inside it
  fc.constant(`Basic ${b64(`:${realKey}:`)}`),
  fc.constant(`Basic ${b64(`:${realKey}`)}`),
  colonInside.map(basic),
  // the key raw, not base64-encoded, or with its scheme missing
  fc.constantFrom(`Basic ${realKey}`, `Basic ${realKey}:`, b64(`${realKey}:`), realKey),
  // whitespace splitting the credentials, or trailing junk after them
  fc
    .tuple(
      fc.integer({ min: 1, max: b64(`${realKey}:`).length - 1 }),
      fc.constantFrom(' ', '  ', '\t'),
    )
    .map(([at, space]) => {
      const credentials = b64(`${realKey}:`)
      return `Basic ${credentials.slice(0, at)}${space}${credentials.slice(at)}`
    }),
  fc.tuple(printable(10, 1), fc.constantFrom(' ', '\t')).map(([junk, space]) => {
    return `${basic(realKey)}${space}${junk}`
  }),
  // a scheme that only looks like Basic
  fc
    .constantFrom('Basi', 'Basicc', 'Basic:', 'BasicAuth', 'B asic')
    .map((s) => `${s} ${b64(`${realKey}:`)}`),
)

const stateWithoutJournal = () => {
  const state = fake.deps.store.snapshot()
  delete state.journal
  delete state.meta
  return state
}

const listJobs = (authorization: string) =>
  fake.app.request('/v3/export-jobs', { headers: { authorization } })

const startJob = (authorization: string) =>
  fake.app.request('/v3/export-job-events', {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ jobId, event: 'started' }),
  })

describe('authentication never succeeds by accident', () => {
  it('answers the real key in proper Basic form (the control)', async () => {
    expect(realKey).not.toBe('')
    expect((await listJobs(basic(realKey))).status).toBe(200)
  })

  it('answers exactly 401 to every other Authorization header, changing nothing', async () => {
    const before = stateWithoutJournal()
    await fc.assert(
      fc.asyncProperty(header, async (authorization) => {
        for (const send of [listJobs, startJob]) {
          const response = await send(authorization)
          expect(response.status, authorization).toBe(401)
          expect(((await response.json()) as { type: string }).type).toBe('UNAUTHORIZED')
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    )
    expect(stateWithoutJournal()).toEqual(before)
  })
})
