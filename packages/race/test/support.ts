// Race test support: an in-process environment whose journal is read just before the fake is
// closed, so a test can compare the race's history with what the fake itself recorded.
import type { JournalRecord } from '@fake-pleo/contract'
import type { RaceEnvironment } from '../src/environment.ts'
import { inProcessEnvironment } from '../src/in-process.ts'
import { httpEnvironment } from '../src/over-http.ts'
import type { Scenario } from '../src/scenario.ts'

export type Delivery = {
  id: number
  subscriptionId: string
  status: number | null
  error: string | null
}
export type Captured = { journal: JournalRecord[]; deliveries: Delivery[] }

/** Every entry of a paged control-API log (`/_sim/journal`, `/_sim/deliveries`). */
async function readLog<T extends { id: number }>(env: RaceEnvironment, path: string): Promise<T[]> {
  const all: T[] = []
  for (let after = 0; ;) {
    const response = await env.direct(`${env.baseUrl}${path}?after=${after}&limit=1000`, {})
    const page = ((await response.json()) as { data: T[] }).data
    if (page.length === 0) return all
    all.push(...page)
    after = page.at(-1)!.id
  }
}

/** An environment factory for runRace that keeps the fake's journal in `captured`. */
export function journalled(transport: 'in-process' | 'http' = 'in-process') {
  const captured: Captured = { journal: [], deliveries: [] }
  const environment = async (scenario: Scenario): Promise<RaceEnvironment> => {
    const env =
      transport === 'http' ? await httpEnvironment(scenario) : await inProcessEnvironment(scenario)
    return {
      ...env,
      close: async () => {
        captured.journal = await readLog<JournalRecord>(env, '/_sim/journal')
        captured.deliveries = await readLog<Delivery>(env, '/_sim/deliveries')
        await env.close()
      },
    }
  }
  return { captured, environment }
}

/** The accepted (202) `started` events per job, as the fake journaled them. */
export function acceptedClaims(journal: readonly JournalRecord[]): Map<string, number> {
  const claims = new Map<string, number>()
  for (const entry of journal) {
    if (entry.event !== 'started' || entry.status !== 202 || entry.jobId === null) continue
    claims.set(entry.jobId, (claims.get(entry.jobId) ?? 0) + 1)
  }
  return claims
}

/** A history without its real-time stamps: what must repeat exactly for a seed. */
export const withoutTime = (history: readonly { time: number }[]) =>
  history.map(({ time: _time, ...rest }) => rest)
