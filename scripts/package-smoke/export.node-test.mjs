// A user's own `node --test` file, run by scripts/package-smoke.sh in an empty project that
// installed the packed fake-pleo: the same story as export.test.ts, in plain JavaScript.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { startFakePleo } from 'fake-pleo'

test('a claimed job expires on the virtual clock', async () => {
  const sim = await startFakePleo({ clock: 'manual' })
  try {
    const job = await sim.control.pressExport({ companyId: sim.companyId })
    const claim = await sim.fetch('/v3/export-job-events', {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${sim.apiKey}:`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ jobId: job.id, event: 'started' }),
    })
    assert.equal(claim.status, 202)

    await sim.control.advanceClock(3600)
    const jobs = await sim.fetch(`/v3/export-jobs/${job.id}`, {
      headers: { authorization: `Basic ${Buffer.from(`${sim.apiKey}:`).toString('base64')}` },
    })
    assert.equal((await jobs.json()).data.status, 'expired')
    const journal = await sim.control.journal()
    assert.ok(journal.some((entry) => entry.jobId === job.id && entry.status === 202))
  } finally {
    await sim.stop()
  }
})
