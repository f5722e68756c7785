// A user's own vitest test, run by scripts/package-smoke.sh in an empty project that installed
// the packed fake-pleo: press Export, claim the job over the public API, lose a second claim,
// advance the clock past the expiry window, and read back what the fake recorded.
import { expect, test } from 'vitest'
import { startFakePleo } from 'fake-pleo'
import { createPleoClient } from 'fake-pleo/client'

test('a claimed job expires on the virtual clock', async () => {
  await using sim = await startFakePleo({ clock: 'manual' })
  const pleo = createPleoClient({ baseUrl: sim.url, auth: { apiKey: sim.apiKey } })

  const job = await sim.control.pressExport({ companyId: sim.companyId, numberOfItems: 2 })
  expect(job.status).toBe('pending')

  const claim = await pleo.sendExportJobEvent({ jobId: job.id, event: 'started' })
  expect(claim.ok).toBe(true)
  expect(await sim.control.sendEvent({ jobId: job.id, event: 'started' })).toBe(422)

  await sim.control.advanceClock(3600)
  const read = await pleo.getExportJob(job.id)
  expect(read.ok && read.data.status).toBe('expired')

  const claims = (await sim.control.journal()).filter(
    (entry) => entry.jobId === job.id && entry.event === 'started',
  )
  expect(claims.map((entry) => entry.status)).toEqual([202, 422])
})
