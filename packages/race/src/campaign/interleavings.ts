// Counting the interleavings a campaign explored: two races interleave alike when their histories
// record the same operations (process, type, function, job) in the same order. Job ids differ from
// seed to seed, so a job is named by the order in which the history first mentions it. A key is a
// short hash, so a campaign of thousands of races keeps a small set.
import { createHash } from 'node:crypto'
import type { History } from '../history.ts'

export function interleavingKey(history: History): string {
  const jobs = new Map<string, number>()
  const hash = createHash('sha1')
  for (const op of history) {
    let job = ''
    if (op.jobId !== undefined) {
      job = String(jobs.get(op.jobId) ?? jobs.size)
      if (!jobs.has(op.jobId)) jobs.set(op.jobId, jobs.size)
    }
    hash.update(`${String(op.process)} ${op.type} ${op.f} ${job}\n`)
  }
  return hash.digest('base64url')
}

/** A set of interleaving keys: `add` answers whether the history's interleaving was new. */
export function createInterleavingSet() {
  const seen = new Set<string>()
  return {
    add: (history: History): boolean => {
      const key = interleavingKey(history)
      if (seen.has(key)) return false
      seen.add(key)
      return true
    },
    get size() {
      return seen.size
    },
  }
}
