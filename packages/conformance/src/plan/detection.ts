// Detection: the integration acts on the signed `v1.export-job.created` webhook, finds jobs by
// polling when webhooks are off, rejects a forged signature and a stale timestamp without acting,
// and processes a duplicated delivery once.
import type { ScenarioDefinition } from '../scenario.ts'
import { about, isEvent } from '../scenario.ts'
import { pressWhenIdle, sendWebhook, statusOf, strangerSecret } from './support.ts'

const processed = (status: string | undefined) =>
  status === 'completed' || status === 'completed_with_errors'

const detect001: ScenarioDefinition = {
  id: 'DETECT-001',
  group: 'Detection',
  rule: 'acts on v1.export-job.created',
  pollSeconds: 3600,
  async run(ctx) {
    const { job, status } = await pressWhenIdle(ctx)
    return {
      pass: processed(status),
      expected:
        'after the webhook for a new job, the integration claims and completes it (its poll was set to an hour, so only the webhook can have woken it)',
      observed: `job ${job.id} is ${status ?? 'missing'}`,
      lines: ctx.lines(about(job.id)),
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
      pass: processed(status),
      expected:
        'with no webhook subscription, the integration finds the new job by polling and completes it',
      observed: `job ${job.id} is ${status ?? 'missing'} (PLEO_POLL_INTERVAL was 1 s)`,
      lines: ctx.lines().slice(-15),
    }
  },
}

/** A job the integration was not told about, then a delivery for it that must be refused. */
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
    pollSeconds: 3600,
    async run(ctx) {
      await ctx.start()
      await ctx.settle()
      await ctx.stage.unsubscribe(ctx.webhook.subscriptionId)
      const job = await ctx.stage.press()
      const { secret, timestamp } = forge(ctx.webhook.secret)
      const status = await sendWebhook(ctx.webhook.url, job, secret, timestamp)
      await ctx.settle(1500)
      const claims = ctx.stage.requests.filter((c) => isEvent(c, 'started') && c.jobId === job.id)
      const rejected = status >= 400 && status < 500
      return {
        pass: rejected && claims.length === 0,
        expected: `a delivery ${describe} is answered 4xx and not acted on`,
        observed: `the endpoint answered ${status}; ${claims.length} claim(s) of job ${job.id} followed; the job is ${statusOf(ctx.stage, job.id)}`,
        lines: [`kit: POST ${ctx.webhook.url} (${describe}) → ${status}`, ...ctx.lines()].slice(
          0,
          20,
        ),
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
    await ctx.settle(1500)
    const claims = ctx.stage.requests.filter((c) => isEvent(c, 'started') && c.jobId === job.id)
    return {
      pass: processed(status) && claims.length === 1,
      expected:
        'every webhook is delivered twice; the job is claimed once (one started attempt) and completed',
      observed: `job ${job.id} is ${status}; ${claims.length} claim attempt(s)`,
      lines: ctx.lines(about(job.id)),
    }
  },
}

export const detection = [detect001, detect002, detect003, detect004, detect005]
