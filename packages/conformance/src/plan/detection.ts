// Detection: the integration acts on the signed `v1.export-job.created` webhook, finds jobs by
// polling when webhooks are off, rejects a forged signature and a stale timestamp without acting,
// and processes a duplicated delivery once. Each verdict rests on what only the thing under test
// can explain: a forged delivery names a job that exists nowhere (so no poll can lead to it), a
// duplicate is sent again after the job ended (so no poll can lead to a second claim), and the
// webhook is credited with a pickup only when the integration was not polling at the time. Poll
// discipline (a soft rule, warning at most) counts listings over a quiet window, where nothing but
// the integration's own polling can cause one, and over a window where every listing fails.
import { setTimeout as sleep } from 'node:timers/promises'
import type { ScenarioContext, ScenarioDefinition } from '../scenario.ts'
import { about, isEvent, isFinal, passIf } from '../scenario.ts'
import { accepted, isListing, passStarts } from '../observe.ts'
import {
  ended,
  phantomJob,
  pressWhenIdle,
  redeliver,
  sendWebhook,
  strangerSecret,
  touches,
} from './support.ts'

const processed = (status: string | undefined) =>
  status === 'completed' || status === 'completed_with_errors'

/** DETECT-001 watches the idle integration this long for polls; none in it: a slow poller. */
const quietMs = 3000
/** …and at most this long to learn the rhythm of a fast one (from three polls). */
const watchMs = 7500
/** A first request this soon after the delivery is its answer, when no poll was due. */
const promptMs = 1000
/** A cadence is regular when its gaps differ by at most this share of the period. */
const jitterShare = 0.2

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const answers = (statuses: (number | null)[]) =>
  statuses.map((s) => (s === null ? 'no answer' : String(s))).join(', ') || 'none'

/** The passes the idle integration starts on its own, watched until its rhythm is known. */
async function watchPolls(ctx: ScenarioContext): Promise<number[]> {
  const from = ctx.stage.elapsed()
  const starts = () => passStarts(ctx.stage.requests).filter((at) => at >= from)
  await ctx.until(() => {
    const watched = ctx.stage.elapsed() - from
    const seen = starts().length
    return (watched >= quietMs && seen === 0) || seen >= 3 || watched >= watchMs
  }, watchMs + 1000)
  return starts()
}

/** A regular rhythm (period and last poll, ms) from at least two gaps, or undefined. */
function cadenceOf(starts: number[]) {
  if (starts.length < 3) return undefined
  const gaps = starts.slice(1).map((at, i) => at - starts[i]!)
  const period = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)]!
  if (Math.max(...gaps) - Math.min(...gaps) > jitterShare * period) return undefined
  return { period, last: starts.at(-1)! }
}

const detect001: ScenarioDefinition = {
  id: 'DETECT-001',
  group: 'Detection',
  rule: 'acts on v1.export-job.created',
  slow: true,
  pollSeconds: 3600,
  async run(ctx) {
    await ctx.start()
    await ctx.settle()
    const polls = await watchPolls(ctx)
    const cadence = cadenceOf(polls)
    if (cadence) {
      // Press halfway between two polls, so a poll cannot be what answers the delivery at once.
      const now = ctx.stage.elapsed()
      const cycles = Math.max(0, Math.ceil((now + 50 - cadence.last) / cadence.period - 0.5))
      const mid = cadence.last + (cycles + 0.5) * cadence.period
      await sleep(Math.max(0, mid - now))
    }
    const job = await ctx.stage.press()
    const status = await ended(ctx, job.id)
    const deliveries = ctx.stage.deliveries.filter((d) => d.jobId === job.id)
    const first = deliveries[0]
    if (first === undefined) throw new Error(`the fake sent no webhook for job ${job.id}`)
    const reaction = ctx.stage.requests.find((c) => c.at > first.at)
    const reactedMs = reaction === undefined ? undefined : reaction.at - first.at
    const statuses = answers(deliveries.map((d) => d.status))
    const rhythm =
      polls.length === 0
        ? `no poll in ${seconds(quietMs)} while idle`
        : cadence
          ? `a poll every ${seconds(cadence.period)} while idle`
          : `${polls.length} poll(s) while idle, too few or too irregular to tell when the next was due`
    const lines = [
      `kit: ${rhythm}`,
      ...deliveries.map((d) => `+${seconds(d.at)} fake: POST ${ctx.webhook.url} → ${d.status}`),
      ...ctx.lines((c) => c.at >= first.at - 3000).slice(0, 15),
    ]
    const expected =
      'the genuine delivery is answered 2xx and the job it announces is processed; the webhook is credited when the integration answered it at once and no poll of its own was due'
    if (!deliveries.some(accepted) || !processed(status)) {
      return {
        outcome: 'fail',
        expected,
        observed: `the delivery was answered ${statuses}; job ${job.id} is ${status ?? 'missing'}`,
        lines,
      }
    }
    // When would its own next poll have come? Never (no poll seen), or on its rhythm.
    const nextPoll = cadence
      ? cadence.last + Math.ceil((first.at - cadence.last) / cadence.period) * cadence.period
      : Infinity
    const window = cadence
      ? Math.min(promptMs, nextPoll - jitterShare * cadence.period - first.at)
      : promptMs
    const credited =
      (polls.length === 0 || cadence !== undefined) &&
      reactedMs !== undefined &&
      reactedMs <= window
    const reacted = reactedMs === undefined ? 'never' : `${seconds(reactedMs)} later`
    return {
      outcome: credited ? 'pass' : 'not-applicable',
      expected,
      observed: credited
        ? `with ${rhythm}, it answered the delivery ${statuses} and made its first request ${reacted}, before any poll of its own was due; job ${job.id} is ${status}`
        : `with ${rhythm} (PLEO_POLL_INTERVAL was 3600), its first request after the delivery came ${reacted}: a poll explains the pickup as well as the webhook, so the kit cannot tell (it answered the delivery ${statuses}; job ${job.id} is ${status})`,
      lines,
    }
  },
}

const detect002: ScenarioDefinition = {
  id: 'DETECT-002',
  group: 'Detection',
  rule: 'finds jobs by polling when webhooks are off',
  webhooks: false,
  pollSeconds: 1,
  async run(ctx) {
    const { job, status } = await pressWhenIdle(ctx)
    return {
      outcome: passIf(processed(status)),
      expected:
        'with no webhook subscription, the integration finds the new job by polling and completes it',
      observed: `job ${job.id} is ${status ?? 'missing'} (PLEO_POLL_INTERVAL was 1 s)`,
      lines: ctx.lines().slice(-15),
    }
  },
}

/**
 * A delivery about a job that exists nowhere, which must be answered 4xx and not acted on. No
 * poll, listing or other delivery can lead the integration to that job, so any request that
 * touches it was caused by the delivery.
 */
function refusedDelivery(
  id: string,
  rule: string,
  forge: (secret: string) => { secret: string; timestamp: Date },
  describe: string,
): ScenarioDefinition {
  return {
    id,
    group: 'Detection',
    rule,
    async run(ctx: ScenarioContext) {
      // No need to wait for the start-up pass: it cannot touch a job that exists nowhere, and
      // the quiet after the delivery is measured from the delivery on.
      await ctx.start()
      const job = phantomJob(ctx.stage)
      const { secret, timestamp } = forge(ctx.webhook.secret)
      const sentAt = ctx.stage.elapsed()
      const status = await sendWebhook(ctx.stage, ctx.webhook.url, job, secret, timestamp)
      await ctx.settle(1500)
      const touching = ctx.stage.requests.filter(touches(job.id))
      const rejected = status >= 400 && status < 500
      return {
        outcome: passIf(rejected && touching.length === 0),
        expected: `a delivery ${describe}, about a job that exists nowhere else, is answered 4xx and no request touches that job`,
        observed: `the endpoint answered ${status}; ${touching.length} request(s) touched job ${job.id}`,
        lines: [
          `+${seconds(sentAt)} kit: POST ${ctx.webhook.url} (${describe}, job ${job.id}) → ${status}`,
          ...(touching.length > 0
            ? ctx.lines(touches(job.id))
            : ctx.lines((c) => c.at >= sentAt).slice(0, 10)),
        ],
      }
    },
  }
}

const detect003 = refusedDelivery(
  'DETECT-003',
  'rejects a forged signature (and does not act on it)',
  () => ({ secret: strangerSecret(), timestamp: new Date() }),
  'signed with a secret that is not the subscription’s',
)

const detect004 = refusedDelivery(
  'DETECT-004',
  'rejects a stale timestamp',
  (secret) => ({ secret, timestamp: new Date(Date.now() - 10 * 60 * 1000) }),
  'correctly signed but timestamped 10 minutes ago',
)

const detect005: ScenarioDefinition = {
  id: 'DETECT-005',
  group: 'Detection',
  rule: 'processes a duplicated delivery once',
  pollSeconds: 3600,
  stage: { faults: [{ target: 'webhook', kind: 'duplicate', probability: 1 }] },
  async run(ctx) {
    const { job, status } = await pressWhenIdle(ctx)
    const endedAt =
      ctx.stage.requests.find((c) => isFinal(c) && c.jobId === job.id && c.status < 300)?.at ??
      ctx.stage.elapsed()
    // The same message once more after the job ended, as a retry would bring it: no poll can
    // lead to a claim of an ended job, so a claim now was caused by the duplicate.
    const before = ctx.stage.deliveries.length
    const webhookId = ctx.stage.deliveries.find((d) => d.jobId === job.id)?.webhookId
    if (webhookId !== undefined && processed(status)) await redeliver(ctx.stage, webhookId)
    await ctx.until(
      () => ctx.stage.deliveries.slice(before).some((d) => d.answeredAt !== undefined),
      5000,
    )
    await ctx.settle(1500)
    const claims = ctx.stage.requests.filter((c) => isEvent(c, 'started') && c.jobId === job.id)
    const late = claims.filter((c) => c.at > endedAt)
    const won = claims.filter((c) => c.status === 202)
    const copies = ctx.stage.deliveries.filter((d) => d.jobId === job.id)
    return {
      outcome: passIf(processed(status) && won.length === 1 && late.length === 0),
      expected:
        'every webhook is delivered twice, and once more after the job ended; the job is claimed and completed once, and never claimed again after it ended',
      observed: `job ${job.id} is ${status}; ${copies.length} copies delivered (answered ${answers(copies.map((d) => d.status))}); ${claims.length} claim attempt(s), ${late.length} after the job ended`,
      lines: ctx.lines(about(job.id)),
    }
  },
}

/** DETECT-006 watches the idle integration this long (ms)… */
const idleWatchMs = 4000
/** …and while every listing answers 502, this long (ms). */
const faultWatchMs = 3000
/** About one listing a second while idle (a little more for a timer's drift). */
const idleRate = 1.5
/** While listings fail, retries back off: well under what a loop without a pause sends. */
const faultRate = 8

/** 502 carries no Retry-After (the fake's 503 and 429 say 1 s): the pace is the integration's own. */
const listingFault = (route: string) => ({ target: 'http' as const, route, status: 502 as const })

const detect006: ScenarioDefinition = {
  id: 'DETECT-006',
  group: 'Detection',
  rule: 'polls about once a second at most while idle, and backs off while listings fail',
  // Two fixed windows (4 s quiet, 3 s of failing listings): started first when run side by side.
  slow: true,
  pollSeconds: 1,
  async run(ctx) {
    await ctx.start()
    await ctx.settle()
    // Nothing is pending and the kit does nothing: every listing is the integration's own poll.
    const idleFrom = ctx.stage.elapsed()
    await ctx.until(() => ctx.stage.elapsed() >= idleFrom + idleWatchMs, idleWatchMs + 1000)
    const idleTo = ctx.stage.elapsed()
    // Every listing answers 502: what follows one is its retry (or the next poll).
    await ctx.stage.control.setFaults({
      seed: 'conform',
      rules: [listingFault('GET /v3/export-jobs'), listingFault('GET /v2/export-jobs')],
    })
    const faultFrom = ctx.stage.elapsed()
    await ctx.until(() => ctx.stage.elapsed() >= faultFrom + faultWatchMs, faultWatchMs + 1000)
    const faultTo = ctx.stage.elapsed()
    await ctx.stage.control.clearFaults()
    const within = (from: number, to: number) =>
      ctx.stage.requests.filter((c) => isListing(c) && c.at >= from && c.at < to)
    const idle = within(idleFrom, idleTo)
    const failing = within(faultFrom, faultTo)
    const perSecond = (n: number, ms: number) => (n * 1000) / ms
    const idleHot = perSecond(idle.length, idleTo - idleFrom) > idleRate
    const faultHot = perSecond(failing.length, faultTo - faultFrom) > faultRate
    const rate = (n: number, ms: number) =>
      `${n} in ${seconds(ms)} (${perSecond(n, ms).toFixed(1)}/s)`
    return {
      outcome: idleHot || faultHot ? 'warning' : 'pass',
      expected: `while nothing is pending, at most about ${idleRate} listings a second (PLEO_POLL_INTERVAL was 1); while every listing answers 502, retries back off (at most ${faultRate} listings a second)`,
      observed: `idle: ${rate(idle.length, idleTo - idleFrom)}; listings answering 502: ${rate(failing.length, faultTo - faultFrom)}`,
      lines: [
        `+${seconds(faultFrom)} kit: every listing answers 502 (no Retry-After)`,
        `+${seconds(faultTo)} kit: faults cleared`,
        ...ctx.lines((c) => isListing(c) && c.at >= idleFrom && c.at < faultTo).slice(-20),
      ],
    }
  },
}

export const detection = [detect001, detect002, detect003, detect004, detect005, detect006]
