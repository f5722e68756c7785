// A same-run measure of the machine's speed for benches that report absolute rates (claims and
// interleavings per second): the CPU microseconds of one in-process request to a bare Hono app
// (`GET /v3/export-jobs/:jobId` answering a job-sized JSON body, the body read: the request
// bench's bare case), the best of a few rounds. A figure divided by it is in "bare requests",
// which moves far less between runs and sessions on a shared machine than the figure itself.
import { bareApp, timed } from './request.ts'

/** A job as the fake answers it (the size matters, not the values). */
const sampleJob = JSON.stringify({
  data: {
    id: '3d8f1f6e-2f94-4ce0-a9be-56ed455be65b',
    companyId: 'f9eb6dbc-727d-45cc-aa24-32f0920ac1a7',
    status: 'pending',
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: null,
    startedAt: null,
    completedAt: null,
    lastUpdatedAt: '2026-01-01T00:00:00.000Z',
    expiresIn: 3600,
    failureReason: null,
    failureReasonType: null,
    isInteractive: false,
    numberOfItems: 5,
    vendorBasedBookkeeping: false,
  },
})

/** CPU µs of one bare in-process request: the least of `rounds` rounds of `count` requests. */
export async function bareRequestMicros(rounds = 5, count = 2000): Promise<number> {
  const app = bareApp(sampleJob, '{"ok":true}')
  const call = async () => {
    const response = await app.request('/v3/export-jobs/3d8f1f6e-2f94-4ce0-a9be-56ed455be65b')
    await response.text()
  }
  await timed(count, call)
  let best = Number.POSITIVE_INFINITY
  for (let round = 0; round < rounds; round++) best = Math.min(best, (await timed(count, call)).cpu)
  return best
}
