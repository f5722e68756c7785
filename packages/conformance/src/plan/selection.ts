// Selection: the integration takes the oldest of several pending jobs (the list is not in age
// order), leaves failed, completed, completed_with_errors and expired jobs alone, and reads every
// page of the jobs listing before it chooses.
import { maxPageLimit } from '@fake-pleo/contract'
import { isListing } from '../observe.ts'
import type { Captured } from '../stage.ts'
import type { ScenarioDefinition } from '../scenario.ts'
import { isEvent, passIf } from '../scenario.ts'
import { exportRoute } from '../stage.ts'
import { ended, pressSeveral, statusOf } from './support.ts'

const short = (id: string) => id.slice(0, 8)

const select001: ScenarioDefinition = {
  id: 'SELECT-001',
  group: 'Selection',
  rule: 'takes the oldest of several pending jobs, although the list is not in age order',
  async run(ctx) {
    // Press until the list order (by id) differs from the age order.
    const jobs = await pressSeveral(ctx.stage, 3)
    while (
      jobs.map((j) => j.id).join() ===
      [...jobs]
        .map((j) => j.id)
        .sort()
        .join()
    ) {
      await ctx.stage.control.advanceClock(10)
      jobs.push(await ctx.stage.press())
    }
    await ctx.start()
    for (const job of jobs) await ended(ctx, job.id)
    const claimed = ctx.stage.requests
      .filter((c) => isEvent(c, 'started') && c.status === 202)
      .map((c) => c.jobId ?? '')
    const byAge = jobs.map((j) => j.id)
    return {
      outcome: passIf(
        claimed.length > 0 && claimed.join() === byAge.slice(0, claimed.length).join(),
      ),
      expected: `claims in age order: ${byAge.map(short).join(', ')} (the list order is by id: ${[...byAge].sort().map(short).join(', ')})`,
      observed: `claimed ${claimed.map(short).join(', ') || 'nothing'}`,
      lines: ctx.lines((c) => isEvent(c, 'started') || exportRoute(c.path) === '/export-jobs'),
    }
  },
}

const select002: ScenarioDefinition = {
  id: 'SELECT-002',
  group: 'Selection',
  rule: 'ignores failed, completed, completed_with_errors and expired jobs',
  async run(ctx) {
    const { control } = ctx.stage
    const expiring = await ctx.stage.press({ expiresIn: 60 })
    await control.advanceClock(61)
    const [done, withErrors, failed] = await pressSeveral(ctx.stage, 3, 1)
    for (const [job, event] of [
      [done, 'completed'],
      [withErrors, 'completed_with_errors'],
    ] as const) {
      await control.sendEvent({ jobId: job!.id, event: 'started' })
      await control.sendEvent({ jobId: job!.id, event })
    }
    await control.sendEvent({
      jobId: failed!.id,
      event: 'failed',
      failureReasonType: 'canceled_by_user',
      failureReason: 'set up by the kit',
    })
    await control.advanceClock(1)
    const pending = await ctx.stage.press()
    await ctx.start()
    const status = await ended(ctx, pending.id)
    await ctx.settle()
    const others = [expiring, done!, withErrors!, failed!].map((j) => j.id)
    const touched = ctx.stage.requests.filter(
      (c) => c.method !== 'GET' && c.jobId !== undefined && others.includes(c.jobId),
    )
    return {
      outcome: passIf(
        status === 'completed' || status === 'completed_with_errors' ? touched.length === 0 : false,
      ),
      expected:
        'only the pending job is claimed and processed; the ended ones get no event or item update',
      observed: `the pending job is ${status}; ${touched.length} write(s) to ended jobs (${others.map((id) => `${short(id)} ${statusOf(ctx.stage, id)}`).join(', ')})`,
      lines:
        touched.length > 0
          ? ctx.lines((c) => touched.includes(c))
          : ctx.lines((c) => c.method !== 'GET'),
    }
  },
}

/** A listing that is not the first page of the default order: a cursor, an offset or a sort. */
const beyondFirstPage = (c: Captured) => {
  const query = new URLSearchParams(c.query)
  return (
    query.has('after') ||
    query.has('before') ||
    Number(query.get('offset') ?? 0) > 0 ||
    query.getAll('sorting_keys').length > 0
  )
}

const select003: ScenarioDefinition = {
  id: 'SELECT-003',
  group: 'Selection',
  rule: 'reads every page of the jobs listing before choosing: the oldest pending job is on the last page',
  // No webhook names a job: only the listing can lead to one.
  webhooks: false,
  // Every id sorts before the earlier ones: the listing's default order (by id) is newest first.
  stage: { ids: 'descending' },
  async run(ctx) {
    // One more pending job than the largest page Pleo serves: whatever page size the integration
    // asks for, the oldest is alone on the last page of the default order.
    const jobs = await pressSeveral(ctx.stage, maxPageLimit + 1, 1, 1)
    const oldest = jobs[0]!
    const firstClaim = () =>
      ctx.stage.requests.find((c) => isEvent(c, 'started') && c.status === 202)
    await ctx.start()
    await ctx.until(() => firstClaim() !== undefined)
    const claim = firstClaim()
    const before = ctx.stage.requests.filter((c) => isListing(c) && c.at <= (claim?.at ?? Infinity))
    const later = before.filter(beyondFirstPage)
    const rank = jobs.findIndex((j) => j.id === claim?.jobId)
    return {
      // No webhook and no guessable id: claiming the oldest first can only come from a listing
      // page that shows it, a later page of the default order or a listing sorted by age.
      outcome: passIf(claim?.jobId === oldest.id),
      expected: `${jobs.length} pending jobs, listed newest first (${maxPageLimit} to a page at most); the first accepted started is for the oldest, ${short(oldest.id)}, alone on the last page`,
      observed:
        claim === undefined
          ? `no accepted started; ${before.length} listing request(s)`
          : `first claimed ${short(claim.jobId ?? '')} (${rank < 0 ? 'not one of them' : `number ${rank + 1} of ${jobs.length} by age, 1 the oldest`}) after ${before.length} listing request(s), ${later.length} of them with a cursor, an offset or a sort`,
      lines: ctx.lines((c) => before.includes(c) || c === claim),
    }
  },
}

export const selection = [select001, select002, select003]
