// Choosing which pending job to claim: the oldest by `createdAt`, ties broken by id, skipping jobs
// this pass already gave up on. Pure; list order is never trusted (Pleo does not promise one).
import type { ExportJobV3 } from '@fake-pleo/contract'

export function oldestPending(
  jobs: readonly ExportJobV3[],
  skip: ReadonlySet<string> = new Set(),
): ExportJobV3 | undefined {
  const candidates = jobs.filter((job) => job.status === 'pending' && !skip.has(job.id))
  candidates.sort(
    (a, b) =>
      Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )
  return candidates[0]
}
