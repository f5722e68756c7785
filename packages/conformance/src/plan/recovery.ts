// Recovery: after a crash and restart the integration resumes its own in-progress job without a
// second `started`, never takes over another integration's in-progress job, and when the job it
// remembers expired while it was down, notices and moves on without a loop of 422s.
import type { ScenarioDefinition } from '../scenario.ts'
import { about, isEvent, passIf } from '../scenario.ts'
import { ended, pressSeveral, statusOf, terminal } from './support.ts'

const recover001: ScenarioDefinition = {
  id: 'RECOVER-001',
  group: 'Recovery',
  rule: 'after a restart, resumes its own in-progress job without a second started',
  async run(ctx) {
    const job = await ctx.stage.press({ numberOfItems: 400 })
    let crashed = false
    const off = ctx.stage.onRequest((c) => {
      if (crashed || c.method !== 'PUT' || c.jobId !== job.id) return
      crashed = true
      void ctx.crash()
    })
    await ctx.start()
    await ctx.until(() => crashed && !(ctx.integration()?.alive ?? true))
    off()
    const restartedAt = ctx.stage.elapsed()
    if (crashed) await ctx.start()
    const status = await ended(ctx, job.id)
    const claims = ctx.stage.requests.filter((c) => isEvent(c, 'started') && c.jobId === job.id)
    return {
      outcome: passIf(
        crashed &&
          claims.length === 1 &&
          (status === 'completed' || status === 'completed_with_errors'),
      ),
      expected:
        'killed (SIGKILL) on its first item update, restarted with the same configuration, it finishes the job with no second started',
      observed: crashed
        ? `the job is ${status}; ${claims.length} claim attempt(s) in all (restart at +${(restartedAt / 1000).toFixed(2)}s)`
        : 'the integration never updated the job’s items, so it could not be crashed mid-job',
      lines: ctx.lines(about(job.id)).filter((line, i, all) => i < 6 || i > all.length - 12),
    }
  },
}

const recover002: ScenarioDefinition = {
  id: 'RECOVER-002',
  group: 'Recovery',
  rule: "never takes over another integration's in-progress job",
  async run(ctx) {
    const [theirs, ours] = await pressSeveral(ctx.stage, 2, 5)
    await ctx.stage.control.sendEvent({ jobId: theirs!.id, event: 'started' })
    await ctx.start()
    const status = await ended(ctx, ours!.id)
    await ctx.settle()
    const writes = ctx.stage.requests.filter((c) => c.jobId === theirs!.id && c.method !== 'GET')
    return {
      outcome: passIf(
        writes.length === 0 && (status === 'completed' || status === 'completed_with_errors'),
      ),
      expected:
        'the job another integration holds gets no event and no item update; the free job is completed',
      observed: `${writes.length} write(s) to the other integration's job; the free job is ${status}`,
      lines:
        writes.length > 0
          ? ctx.lines((c) => writes.includes(c))
          : ctx.lines(about(ours!.id)).slice(0, 10),
    }
  },
}

/** Requests about the expired job after the restart that RECOVER-003 tolerates (a look at it). */
const lookAtExpired = 2

const recover003: ScenarioDefinition = {
  id: 'RECOVER-003',
  group: 'Recovery',
  rule: 'after a restart, notices that the job it claimed expired while it was down and moves on',
  async run(ctx) {
    const { stage } = ctx
    // Pressed while the integration runs, so its delivery is answered at once and no copy of it
    // is due again when the clock jumps (a late copy naming the job would explain a request).
    await ctx.start()
    await ctx.settle()
    // The only job there is: its first item update is the one to crash on.
    let crashed = false
    const off = stage.onRequest((c) => {
      if (crashed || c.method !== 'PUT' || c.jobId === undefined) return
      crashed = true
      void ctx.crash()
    })
    const job = await stage.press({ numberOfItems: 5 })
    await ctx.until(() => crashed && !(ctx.integration()?.alive ?? true))
    off()
    if (!crashed) {
      return {
        outcome: 'fail',
        expected: 'the integration claims the job and updates its items (then the kit kills it)',
        observed:
          'the integration never updated the job’s items, so it could not be crashed mid-job',
        lines: ctx.lines(about(job.id)),
      }
    }
    // While it is down: its claim expires, and a new job is pressed (its delivery finds nobody,
    // and is not due again before the run ends: the clock does not move after this).
    await stage.control.advanceClock(job.expiresIn + 1)
    const next = await stage.press({ numberOfItems: 3 })
    const restartedAt = stage.elapsed()
    const aboutExpired = () =>
      stage.requests.filter((c) => c.at >= restartedAt && c.jobId === job.id)
    await ctx.start()
    // Until the new job ends, or the rule is already broken (no need to watch a loop to the end).
    await ctx.until(
      () => terminal.has(statusOf(stage, next.id) ?? '') || aboutExpired().length > lookAtExpired,
    )
    await ctx.settle(1000)
    const status = statusOf(stage, next.id)
    const afterRestart = aboutExpired()
    const refused = afterRestart.filter((c) => c.status === 422).length
    const claims = afterRestart.filter((c) => isEvent(c, 'started')).length
    return {
      outcome: passIf(
        statusOf(stage, job.id) === 'expired' &&
          afterRestart.length <= lookAtExpired &&
          claims === 0 &&
          (status === 'completed' || status === 'completed_with_errors'),
      ),
      expected: `killed (SIGKILL) on its first item update of ${job.id.slice(0, 8)}, which expires while it is down, and restarted: at most ${lookAtExpired} requests about the expired job, no started for it, and the new job ${next.id.slice(0, 8)} completed`,
      observed: `${afterRestart.length} request(s) about the expired job after the restart (${refused} answered 422, ${claims} started); it is ${statusOf(stage, job.id)}, the new job ${status}`,
      lines: ctx.lines((c) => c.at >= restartedAt).slice(0, 20),
    }
  },
}

export const recovery = [recover001, recover002, recover003]
