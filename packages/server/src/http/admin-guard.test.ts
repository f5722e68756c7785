// The admin guard: with a token the control API answers 401 without the exact bearer token and
// changes nothing; without a token it is open. Pleo's routes are unaffected by the admin token.
import { describe, expect, it } from 'vitest'
import { createFakePleo } from '../fake-pleo.ts'

const pressExport = (companyId: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { ...headers, 'content-type': 'application/json' },
  body: JSON.stringify({ companyId }),
})

describe('admin guard', () => {
  it('refuses the control API without the token and creates nothing', async () => {
    using fake = createFakePleo({ seed: 'demo', adminToken: 's3cret' })
    const before = fake.deps.store.snapshot().export_jobs?.length
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: 'Basic s3cret' },
    ]
    for (const headers of attempts) {
      const response = await fake.app.request(
        '/_sim/export-jobs',
        pressExport(fake.companyId ?? '', headers),
      )
      expect(response.status).toBe(401)
      expect(((await response.json()) as { type: string }).type).toBe('UNAUTHORIZED')
    }
    expect(fake.deps.store.snapshot().export_jobs?.length).toBe(before)
    const ok = await fake.app.request(
      '/_sim/export-jobs',
      pressExport(fake.companyId ?? '', { authorization: 'Bearer s3cret' }),
    )
    expect(ok.status).toBe(201)
    expect(fake.deps.store.snapshot().export_jobs?.length).toBe((before ?? 0) + 1)
  })

  it('leaves the control API open without a token', async () => {
    using fake = createFakePleo({ seed: 'demo' })
    expect(
      (await fake.app.request('/_sim/export-jobs', pressExport(fake.companyId ?? ''))).status,
    ).toBe(201)
  })
})
