// Compiled with `tsc --noEmit` by scripts/package-smoke.sh in an empty project that installed
// the packed fake-pleo: the public types of every entry point resolve and are not `any`.
import { createApp, createFakePleo, startFakePleo, type Control } from 'fake-pleo'
import {
  createClaimer,
  createControl,
  createPleoClient,
  verifyWebhook,
  type JournalRecord,
} from 'fake-pleo/client'
import { plan, runConformance, type ScenarioResult } from 'fake-pleo/conformance'
import { defaultScenario, runRace } from 'fake-pleo/race'

export async function useTypes(): Promise<string[]> {
  await using sim = await startFakePleo()
  const control: Control = sim.control
  const job = await control.pressExport({ companyId: sim.companyId })
  const status: 'pending' | 'in_progress' | string = job.status
  // @ts-expect-error a job id is a string, so a typo'd field is an error (types are not `any`)
  void job.jobIdentifier

  const fake = createFakePleo({ seed: 'demo' })
  const app = createApp(fake.deps)
  const health = await app.request('/_sim/health')
  // The control client on its own, over app.request (the client entry, without the server's).
  const journal: JournalRecord[] = await createControl(async (path, init) =>
    app.request(path, init),
  ).journal()
  fake.close()

  const pleo = createPleoClient({ baseUrl: sim.url, auth: { apiKey: sim.apiKey } })
  const listed = await pleo.listExportJobs({ companyId: sim.companyId })
  const ids = listed.ok ? listed.data.items.map((j) => j.id) : []

  const results: ScenarioResult[] = []
  return [
    status,
    String(health.status),
    ...ids,
    ...journal.map((entry) => entry.path),
    String(plan.length),
    String(results.length),
    typeof runConformance,
    typeof runRace,
    typeof defaultScenario,
    typeof createClaimer,
    typeof verifyWebhook,
  ]
}
