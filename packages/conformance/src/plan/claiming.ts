// Claiming: the integration verifies a job with GET before `started`, takes a stolen claim's 422
// in its stride and moves on, does not hammer the API after a 422, and never holds two jobs. A
// claim is stolen by applying another integration's `started` just before the integration's own
// arrives at the fake, so the race is lost whether or not the integration verified. Field names
// are judged from the fake's journal, which marks every request that used a how-to alias.
import { exportRoute, type Captured } from '../stage.ts'
import type { ScenarioContext, ScenarioDefinition } from '../scenario.ts'
import { isEvent, isFinal, passIf } from '../scenario.ts'
import { ended, oneJob, pressSeveral, statusOf, terminal } from './support.ts'

const short = (id: string) => id.slice(0, 8)

/**
 * Loses the integration its claim of `jobId`: when its `started` for that job arrives, another
 * integration's `started` is applied first, so the integration's gets 422 (as when it loses a race
 * between its verify and its claim).
 */
function stealBeforeClaim(ctx: ScenarioContext, jobId: string) {
  let stolen = false
  const off = ctx.stage.beforeRequest(async (r) => {
    if (stolen || r.event !== 'started' || r.jobId !== jobId) return
    stolen = true
    await ctx.stage.control.sendEvent({ jobId, event: 'started' })
  })
  return { off, stolen: () => stolen }
}

const claim001: ScenarioDefinition = {
  id: 'CLAIM-001',
  group: 'Claiming',
  rule: 'verifies the job with GET before claiming it with started',
  async run(ctx) {
    const { job } = await oneJob(ctx)
    const requests = ctx.stage.requests
    const claim = requests.findIndex((c) => isEvent(c, 'started') && c.jobId === job.id)
    // The verify is the last request about the job before the claim, and no write came between:
    // a listing in between (a poll running beside the pass) is not a missed verification.
    const before = requests.slice(0, Math.max(claim, 0))
    const verify = before.findLastIndex(
      (c) =>
        c.method === 'GET' && exportRoute(c.path) === `/export-jobs/${job.id}` && c.status === 200,
    )
    const verified =
      claim >= 0 && verify >= 0 && !before.slice(verify + 1).some((c) => c.method !== 'GET')
    return {
      outcome: passIf(verified),
      expected: `GET /v3/export-jobs/${short(job.id)}… answered 200 before the started event, with no write in between`,
      observed:
        claim < 0
          ? 'the job was never claimed'
          : verified
            ? 'verified before claiming'
            : 'claimed without a fresh GET of the job',
      lines: ctx
        .lines()
        .slice(0, Math.max(claim + 1, 1))
        .slice(-10),
    }
  },
}

const claim002: ScenarioDefinition = {
  id: 'CLAIM-002',
  group: 'Claiming',
  rule: "treats a stolen claim's 422 as normal and moves on",
  async run(ctx) {
    const [older, newer] = await pressSeveral(ctx.stage, 2, 5)
    const thief = stealBeforeClaim(ctx, older!.id)
    await ctx.start()
    const status = await ended(ctx, newer!.id)
    await ctx.until(() => thief.stolen(), 3000)
    await ctx.settle()
    thief.off()
    const lost = ctx.stage.requests.find(
      (c) => isEvent(c, 'started') && c.jobId === older!.id && c.status === 422,
    )
    const alive = ctx.integration()?.alive ?? false
    return {
      outcome: passIf(thief.stolen() && status === 'completed' && alive),
      expected: `another integration claims the oldest job just before this one's claim lands; it gets 422, stays up and completes the next job`,
      observed: `${lost ? 'it got 422 for the stolen job' : 'no 422 was seen'}; the next job is ${status}; the integration is ${alive ? 'running' : 'not running'}`,
      lines: ctx.lines((c) => c.method !== 'GET' || c.jobId === older!.id),
    }
  },
}

const claim003: ScenarioDefinition = {
  id: 'CLAIM-003',
  group: 'Claiming',
  rule: 'does not retry aggressively after a 422',
  slow: true,
  async run(ctx) {
    const job = await ctx.stage.press()
    const thief = stealBeforeClaim(ctx, job.id)
    await ctx.start()
    const lost = () => ctx.stage.requests.find((c) => isEvent(c, 'started') && c.status === 422)
    await ctx.until(() => lost() !== undefined, 10_000)
    // Counted from the 422 itself, not from when the kit noticed it: a tight loop can send dozens
    // of requests in the milliseconds between the two.
    const at = lost()?.at ?? ctx.stage.elapsed()
    await ctx.until(() => ctx.stage.elapsed() >= at + 5000, 6000)
    thief.off()
    const after = ctx.stage.requests.filter((c: Captured) => c.at > at && c.at <= at + 5000)
    const retries = after.filter((c) => isEvent(c, 'started') && c.jobId === job.id)
    // Claiming the lost job again is caused by the 422 and nothing else: that is the rule. The
    // number of requests also counts ordinary polls (at any rate down to one a second): a
    // soft rule.
    const outcome =
      !thief.stolen() || retries.length > 2 ? 'fail' : after.length > 20 ? 'warning' : 'pass'
    return {
      outcome,
      expected:
        'in the 5 s after the 422, at most 2 more claims of that job (and, softly, at most 20 requests in all)',
      observed: thief.stolen()
        ? `${retries.length} more claim(s) of the stolen job; ${after.length} requests in all`
        : 'the integration never claimed the job, so no claim could be stolen',
      lines: ctx.lines((c) => c.at > at - 500).slice(0, 25),
    }
  },
}

const claim004: ScenarioDefinition = {
  id: 'CLAIM-004',
  group: 'Claiming',
  rule: 'never has two jobs in progress at once',
  async run(ctx) {
    const jobs = await pressSeveral(ctx.stage, 3, 5, 20)
    await ctx.start()
    for (const job of jobs) await ended(ctx, job.id)
    let holding: string | undefined
    let overlap: string | undefined
    for (const c of ctx.stage.requests) {
      if (isEvent(c, 'started') && c.status === 202) {
        if (holding !== undefined && overlap === undefined)
          overlap = `${short(c.jobId ?? '')} claimed while ${short(holding)} was in progress`
        holding = c.jobId
      } else if (isFinal(c) && c.jobId === holding) holding = undefined
    }
    return {
      outcome: passIf(
        overlap === undefined && ctx.stage.requests.some((c) => isEvent(c, 'started')),
      ),
      expected: 'each claimed job is ended (completed, failed) before the next started',
      observed: overlap ?? 'one job at a time',
      lines: ctx.lines((c) => c.method === 'POST'),
    }
  },
}

/** The how-tos' aliases and the names Pleo's spec uses for them. */
const specNames: Record<string, string> = { exportJobId: 'jobId', companyId: 'company_id' }

const claim005: ScenarioDefinition = {
  id: 'CLAIM-005',
  group: 'Claiming',
  rule: "uses the spec's field names (jobId, company_id), not the how-to's aliases",
  async run(ctx) {
    const { stage } = ctx
    const job = await stage.press()
    // The fake marks every request that used an alias in its journal, accepted or refused.
    const aliased = () =>
      stage.fake.deps.store
        .listJournal(0, 100_000)
        .filter((entry) => entry.alias !== null && !entry.path.startsWith('/_sim'))
    await ctx.start()
    // Strict, an integration that uses an alias never gets its job: judge once one was refused.
    await ctx.until(
      () => terminal.has(statusOf(stage, job.id) ?? '') || (!ctx.lenient && aliased().length > 0),
    )
    await ctx.settle()
    const entries = aliased()
    const names = [...new Set(entries.map((e) => e.alias ?? ''))]
    const refused = entries.filter((e) => e.status === 400).length
    const used = names.map((alias) => `'${alias}' for '${specNames[alias] ?? '?'}'`).join(', ')
    return {
      outcome: entries.length === 0 ? 'pass' : ctx.lenient ? 'warning' : 'fail',
      expected:
        "every request names the job 'jobId' in event bodies and the company 'company_id' in queries, as Pleo's spec does (the fake answers the how-to's 'exportJobId' and 'companyId' 400, or accepts them with --lenient)",
      observed:
        entries.length === 0
          ? `no alias in ${stage.requests.length} requests; the job is ${statusOf(stage, job.id) ?? 'missing'}`
          : `${entries.length} request(s) used ${used}${ctx.lenient ? ' (accepted: --lenient)' : ''}; ${refused} answered 400; the job is ${statusOf(stage, job.id) ?? 'missing'}`,
      lines: entries
        .slice(0, 12)
        .map(
          (e) =>
            `fake journal: ${e.method} ${e.path}${e.query ? `?${e.query.slice(0, 60)}` : ''} alias ${e.alias} → ${e.status}`,
        ),
    }
  },
}

export const claiming = [claim001, claim002, claim003, claim004, claim005]
