// Regression test for a 500 the fuzz test found: `sorting_keys=constructor` (or `__proto__`,
// `toString`, `hasOwnProperty`) looked the key up in a plain object, found Object.prototype's
// member instead of "unknown key", and put its text into the ORDER BY, so SQLite failed with a
// syntax error and the fake answered 500 INTERNAL_ERROR. Such a key must be a 400 naming it, on
// every sortable list, and nothing may be logged as an unexpected error.
import { describe, expect, it } from 'vitest'
import { createFakePleo, type Logger } from '@fake-pleo/server'

const prototypeNames = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']

function setUp() {
  const logged: string[] = []
  const log: Logger = { info() {}, warn() {}, error: (message) => void logged.push(message) }
  const fake = createFakePleo({ seed: 'demo', clock: 'manual', log })
  const authorization = `Basic ${Buffer.from(`${fake.apiKey ?? ''}:`).toString('base64')}`
  const jobId = String(fake.deps.store.snapshot().export_jobs?.[0]?.id)
  const get = (path: string) => fake.app.request(path, { headers: { authorization } })
  return { fake, logged, jobId, get }
}

describe('sorting_keys naming an Object.prototype member', () => {
  for (const name of prototypeNames) {
    it(`'${name}' is a 400 unknown key on both sortable lists, not a 500`, async () => {
      const { fake, logged, jobId, get } = setUp()
      try {
        for (const path of ['/v3/export-jobs', `/v3/export-jobs/${jobId}/items`]) {
          const response = await get(`${path}?sorting_keys=${name}`)
          expect(response.status, path).toBe(400)
          const body = (await response.json()) as { type: string; message: string }
          expect(body.type).toBe('BAD_REQUEST')
          expect(body.message).toContain(`unknown key '${name}'`)
        }
        expect(logged).toEqual([])
        const journal = fake.deps.store.listJournal(0, 10)
        expect(journal.map((entry) => entry.status)).toEqual([400, 400])
      } finally {
        fake.close()
      }
    })
  }

  it('the real sort keys still sort', async () => {
    const { fake, logged, jobId, get } = setUp()
    try {
      const jobs = await get('/v3/export-jobs?sorting_keys=createdAt&sorting_order=ASC')
      expect(jobs.status).toBe(200)
      const created = ((await jobs.json()) as { data: { createdAt: string }[] }).data.map(
        (job) => job.createdAt,
      )
      expect(created).toHaveLength(3)
      expect(created).toEqual([...created].sort())
      const items = await get(`/v3/export-jobs/${jobId}/items?sorting_keys=accountingEntryId`)
      expect(items.status).toBe(200)
      const ids = ((await items.json()) as { data: { accountingEntryId: string }[] }).data.map(
        (item) => item.accountingEntryId,
      )
      expect(ids.length).toBeGreaterThan(0)
      expect(ids).toEqual([...ids].sort())
      expect(logged).toEqual([])
    } finally {
      fake.close()
    }
  })
})
