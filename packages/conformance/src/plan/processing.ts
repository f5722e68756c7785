// Processing: the integration reads every page of items, reports them in batches of at most 100
// with one final status each, sends exactly one final event that matches the item outcomes,
// keeps a long job alive (or stops cleanly once it expired), and survives 5xx and 429 answers,
// honouring Retry-After.
import type { Captured } from '../stage.ts'
import type { ScenarioDefinition } from '../scenario.ts'
import { about, isFinal, passIf } from '../scenario.ts'
import { ended, itemsOf, oneJob } from './support.ts'

const finalItem = (status: string) => status === 'successful' || status === 'failed'
const puts = (requests: Captured[], jobId: string) =>
  requests.filter((c) => c.method === 'PUT' && c.jobId === jobId && c.items !== undefined)
const processed = (status: string | undefined) =>
  status === 'completed' || status === 'completed_with_errors'

const proc001: ScenarioDefinition = {
  id: 'PROC-001',
  group: 'Processing',
  rule: 'reads every page of items',
  async run(ctx) {
    const { job, status } = await oneJob(ctx, { numberOfItems: 250 })
    const items = await itemsOf(ctx.stage, job.id)
    const reported = items.filter((item) => finalItem(item.status)).length
    return {
      outcome: passIf(items.length === 250 && reported === 250),
      expected: 'all 250 items (more than two pages) get a final status',
      observed: `${reported} of ${items.length} items reported; the job is ${status}`,
      lines: ctx.lines((c) => c.jobId === job.id && (c.method === 'GET' || c.method === 'PUT')),
    }
  },
}

const proc002: ScenarioDefinition = {
  id: 'PROC-002',
  group: 'Processing',
  rule: 'updates items in batches of at most 100, with one final status each',
  async run(ctx) {
    const { job } = await oneJob(ctx, { numberOfItems: 250 })
    const batches = puts(ctx.stage.requests, job.id)
    const tooBig = batches.filter((c) => (c.items?.length ?? 0) > 100)
    const finals = new Map<string, number>()
    for (const c of batches) {
      for (const item of c.items ?? []) {
        if (!finalItem(item.status)) continue
        finals.set(item.accountingEntryId, (finals.get(item.accountingEntryId) ?? 0) + 1)
      }
    }
    const repeated = [...finals.values()].filter((n) => n > 1).length
    const sizes = batches.map((c) => c.items?.length ?? 0).join(', ')
    return {
      outcome: passIf(
        batches.length > 0 && tooBig.length === 0 && repeated === 0 && finals.size === 250,
      ),
      expected:
        'every PUT carries at most 100 items, and each of the 250 items gets one final status',
      observed: `${batches.length} PUTs (sizes ${sizes || 'none'}); ${finals.size} items reported, ${repeated} more than once`,
      lines: ctx.lines((c) => batches.includes(c)),
    }
  },
}

const proc003: ScenarioDefinition = {
  id: 'PROC-003',
  group: 'Processing',
  rule: 'sends exactly one final event, matching the item outcomes',
  async run(ctx) {
    const { job, status } = await oneJob(ctx, { numberOfItems: 5 })
    await ctx.settle()
    const finals = ctx.stage.requests.filter((c) => isFinal(c) && c.jobId === job.id)
    const items = await itemsOf(ctx.stage, job.id)
    const failed = items.filter((item) => item.status === 'failed').length
    const expected =
      failed === 0 ? 'completed' : failed === items.length ? 'failed' : 'completed_with_errors'
    const event = finals[0]?.event
    const matches = event === expected || (failed > 0 && event === 'completed_with_errors')
    const sent = finals.map((c) => `${c.event} → ${c.status}`).join(', ')
    return {
      outcome: passIf(finals.length === 1 && matches),
      expected: `one final event: ${expected} (${failed} of ${items.length} items failed)`,
      observed: `${finals.length} final event(s): ${sent || 'none'}; the job is ${status}`,
      lines: ctx.lines(about(job.id)),
    }
  },
}

const proc004: ScenarioDefinition = {
  id: 'PROC-004',
  group: 'Processing',
  rule: 'keeps a long job alive, or stops cleanly once it has expired',
  stage: { expiresIn: 60 },
  async run(ctx) {
    const job = await ctx.stage.press({ numberOfItems: 300 })
    // Every accepted item update moves the virtual clock 40 s: 60 s after the last accepted
    // change the job expires, unless the integration keeps reporting. A refused update (a 401 for
    // an expired token, a fault) changes nothing, so it does not move the clock either.
    const off = ctx.stage.onRequest((c) => {
      if (c.method === 'PUT' && c.jobId === job.id && c.status >= 200 && c.status < 300) {
        void ctx.stage.control.advanceClock(40)
      }
    })
    await ctx.start()
    const status = await ended(ctx, job.id)
    // Writes after an expiry decide the verdict only when the job expired: then watch for them.
    if (!processed(status)) await ctx.settle(1000)
    off()
    const mine = ctx.stage.requests.filter(about(job.id))
    const firstRefusal = mine.findIndex((c) => c.status === 422)
    const afterRefusal =
      firstRefusal < 0 ? [] : mine.slice(firstRefusal + 1).filter((c) => c.method !== 'GET')
    const pass = processed(status) || (status === 'expired' && afterRefusal.length <= 1)
    return {
      outcome: passIf(pass),
      expected:
        'the job is completed (kept alive by item updates, each accepted one moving the clock 40 s of a 60 s window), or it expired and the integration stopped writing to it',
      observed: `the job is ${status}; ${afterRefusal.length} write(s) after the first 422`,
      lines: ctx.lines(about(job.id)).slice(-20),
    }
  },
}

const proc005: ScenarioDefinition = {
  id: 'PROC-005',
  group: 'Processing',
  rule: 'survives 5xx and 429 answers, honouring Retry-After',
  slow: true,
  stage: {
    faults: [
      { target: 'http', status: 503, probability: 0.25 },
      { target: 'http', status: 429, retryAfter: 1, probability: 0.25 },
    ],
  },
  async run(ctx) {
    const { status } = await oneJob(ctx, { numberOfItems: 5 })
    const requests = ctx.stage.requests
    // The retry of a refused request is the next one that asks the same thing: sooner than
    // Retry-After is caused by the 429 being ignored. Another request in that second (a poll
    // running beside the work) may be the integration's ordinary rhythm: a soft rule.
    const early: Captured[] = []
    const soon: Captured[] = []
    requests.forEach((c, i) => {
      if (c.status !== 429) return
      const later = requests.slice(i + 1)
      const retry = later.find((n) => sameRequest(n, c))
      if (retry !== undefined && retry.at - c.at < 900) early.push(retry)
      const next = later[0]
      if (next !== undefined && next !== retry && next.at - c.at < 900) soon.push(next)
    })
    const faults = requests.filter((c) => c.status === 429 || c.status >= 500).length
    return {
      outcome:
        !processed(status) || early.length > 0 ? 'fail' : soon.length > 0 ? 'warning' : 'pass',
      expected:
        'a quarter of requests get 503 and a quarter 429 (Retry-After: 1); the job is still completed, no refused request is retried within a second of its 429 (and, softly, nothing else is sent in that second)',
      observed: `the job is ${status}; ${faults} faults answered; ${early.length} retr${early.length === 1 ? 'y' : 'ies'} and ${soon.length} other request(s) sent less than a second after a 429`,
      lines: ctx.lines().slice(0, 25),
    }
  },
}

/** Does `a` ask the same thing as `b` (method, path, query, body)? */
const sameRequest = (a: Captured, b: Captured) =>
  a.method === b.method &&
  a.path === b.path &&
  a.query === b.query &&
  JSON.stringify(a.body) === JSON.stringify(b.body)

export const processing = [proc001, proc002, proc003, proc004, proc005]
