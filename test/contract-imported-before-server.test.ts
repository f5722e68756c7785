// Regression test for a crash found while writing the fuzz test: a program that imports
// @fake-pleo/contract before @fake-pleo/server could not load the server at all
// ("exportJobV3Schema.openapi is not a function"). zod copies prototype methods such as
// `.openapi` onto a schema when it is built, so contract schemas built before @hono/zod-openapi
// had extended zod lacked it. This file imports the contract first on purpose (vitest gives each
// test file its own module graph) and checks that the server loads, serves and names its
// OpenAPI components as before.
import { exportJobV3Schema } from '@fake-pleo/contract'
import { createFakePleo } from '@fake-pleo/server'
import { describe, expect, it } from 'vitest'

describe('importing the contract before the server', () => {
  it('the contract schema was built before zod was extended (the premise of this test)', () => {
    expect('openapi' in exportJobV3Schema).toBe(false)
  })

  it('the server still loads, answers and documents the contract schemas as components', async () => {
    const fake = createFakePleo({ seed: 'demo', clock: 'manual' })
    try {
      const authorization = `Basic ${Buffer.from(`${fake.apiKey ?? ''}:`).toString('base64')}`
      const jobs = await fake.app.request('/v3/export-jobs', { headers: { authorization } })
      expect(jobs.status).toBe(200)
      const listed = (await jobs.json()) as { data: unknown[] }
      expect(listed.data).toHaveLength(3)
      for (const job of listed.data) expect(exportJobV3Schema.safeParse(job).success).toBe(true)

      const document = (await (await fake.app.request('/openapi.json')).json()) as {
        components: { schemas: Record<string, unknown> }
        paths: Record<string, unknown>
      }
      expect(Object.keys(document.components.schemas)).toEqual(
        expect.arrayContaining([
          'ExportJobV3',
          'ExportJobItemV3',
          'ExportItemV3',
          'ExportJobItemUpdateV3',
          'CursorPageInfo',
        ]),
      )
      expect(JSON.stringify(document.paths['/v3/export-jobs/{jobId}'])).toContain(
        '#/components/schemas/ExportJobV3',
      )
    } finally {
      fake.close()
    }
  })
})
