// Selection: the integration takes the oldest of several pending jobs (the list is not in age
// order) and leaves failed, completed, completed_with_errors and expired jobs alone.
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

export const selection = [select001, select002]
