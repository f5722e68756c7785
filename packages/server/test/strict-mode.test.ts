// Unknown query parameters on the list routes other than GET /v3/export-jobs (covered in
// export-jobs-list.test.ts): GET /v3/export-jobs/{jobId}/items and GET /v3/export-items ignore
// them by default and answer 400 naming them in strict mode, while their own parameters stay
// accepted.
import { describe, expect, it } from 'vitest'
import { basicAuth, inProcessFake } from './helpers.ts'
import { demoJobs, expectError, itemListSchema, now, read } from './support.ts'

describe('unknown query parameters on the item lists', () => {
  it('are ignored by default', async () => {
    using t = inProcessFake()
    const [job] = await demoJobs(t)
    const items = await read(
      await t.get(`/v3/export-jobs/${job?.id}/items?page=2&status=pending`),
      200,
      itemListSchema,
    )
    expect(items.data).toHaveLength(job?.numberOfItems ?? -1)
    const exportItems = await t.get(`/v3/export-items?job_id=${job?.id}&include=files`)
    expect(exportItems.status).toBe(200)
  })

  it('are refused by name in strict mode', async () => {
    using t = inProcessFake({ strict: true })
    const [job] = await demoJobs(t)
    const itemsMessage = await expectError(
      await t.get(`/v3/export-jobs/${job?.id}/items?page=2&status=pending`),
      400,
      'BAD_REQUEST',
    )
    expect(itemsMessage).toContain("'page'")
    const exportMessage = await expectError(
      await t.get(`/v3/export-items?job_id=${job?.id}&include=files`),
      400,
      'BAD_REQUEST',
    )
    expect(exportMessage).toContain("'include'")
    await read(
      await t.get(`/v3/export-jobs/${job?.id}/items?status=pending&limit=10`),
      200,
      itemListSchema,
    )
    expect((await t.get(`/v3/export-items?job_id=${job?.id}&limit=10`)).status).toBe(200)
  })
})

// GET /v3|v2/export-jobs/{jobId} runs its checks in its own frame (http/lean-route.ts): the same
// answers, in the same order, as when each was a middleware: scope (403), then strict mode's
// unknown query parameters (400), then the job id (400).
describe('the checks of GET /{version}/export-jobs/{jobId}', () => {
  const strictMessage =
    "unknown query parameter(s) 'page', 'x' (strict mode); this route takes none"

  it('ignore unknown parameters by default and refuse them by name in strict mode', async () => {
    using lax = inProcessFake()
    using strict = inProcessFake({ strict: true })
    for (const version of ['v3', 'v2']) {
      const [job] = await demoJobs(lax)
      expect((await lax.get(`/${version}/export-jobs/${job?.id}?page=2&x`)).status).toBe(200)
      const [strictJob] = await demoJobs(strict)
      const path = `/${version}/export-jobs/${strictJob?.id}`
      expect(await expectError(await strict.get(`${path}?page=2&x`), 400, 'BAD_REQUEST')).toBe(
        strictMessage,
      )
      expect((await strict.get(path)).status).toBe(200)
      expect((await strict.get(`${path}?`)).status).toBe(200)
    }
  })

  it('answer the scope first, then the unknown parameter, then the job id', async () => {
    using t = inProcessFake({ strict: true })
    const key = 'plp_lean-route-no-read-scope'
    t.store.createApiKey({ key, companyId: t.companyId, scopes: ['export-jobs:write'] }, now(t))
    const noRead = { authorization: basicAuth(key) }
    for (const version of ['v3', 'v2']) {
      const bad = `/${version}/export-jobs/not-a-uuid?page=2&x`
      expect(await expectError(await t.get(bad, noRead), 403, 'ACCESS_DENIED')).toBe(
        'This request needs the scope export-jobs:read; the credentials have export-jobs:write.',
      )
      expect(await expectError(await t.get(bad), 400, 'BAD_REQUEST')).toBe(strictMessage)
      const idMessage = await expectError(
        await t.get(`/${version}/export-jobs/not-a-uuid`),
        400,
        'BAD_REQUEST',
      )
      expect(idMessage).toContain('jobId')
      expect(idMessage).toContain('must be a UUID (8-4-4-4-12 hex digits)')
    }
  })
})
