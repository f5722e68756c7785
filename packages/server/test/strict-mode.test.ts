// Unknown query parameters on the list routes other than GET /v3/export-jobs (covered in
// export-jobs-list.test.ts): GET /v3/export-jobs/{jobId}/items and GET /v3/export-items ignore
// them by default and answer 400 naming them in strict mode, while their own parameters stay
// accepted.
import { describe, expect, it } from 'vitest'
import { inProcessFake } from './helpers.ts'
import { demoJobs, expectError, itemListSchema, read } from './support.ts'

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
