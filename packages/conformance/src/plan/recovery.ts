// Recovery: after a crash and restart the integration resumes its own in-progress job without a
// second `started`, and it never takes over another integration's in-progress job.
import type { ScenarioDefinition } from '../scenario.ts'
import { about, isEvent, passIf } from '../scenario.ts'
import { ended, pressSeveral } from './support.ts'

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

export const recovery = [recover001, recover002]
