// Processing: the integration reads every page of items, reports them in batches of at most 100
// with one final status each, sends exactly one final event that matches the item outcomes,
// keeps a long job alive, survives 5xx and 429 answers (honouring Retry-After), stops cleanly
// when a job expires under it whatever it did to keep it alive, going on with the next one, and
// reports an item whose receipt cannot be downloaded as failed while the rest of the job goes on.
// The receipt verdict rests on the download the kit saw answered 404 and on the item's status in
// the fake; an integration that never downloads a receipt cannot be judged on it (not applicable).
import type { Captured } from '../stage.ts'
import type { ScenarioContext, ScenarioDefinition } from '../scenario.ts'
import { about, formatRequest, isEvent, isFinal, passIf } from '../scenario.ts'
import { ended, endedWhileProgressing, itemsOf, kitClient, oneJob, statusOf } from './support.ts'

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
    const job = await ctx.stage.press({ numberOfItems: 250 })
    await ctx.start()
    // 250 items take real time, far more on a busy machine or with a slow accounting system:
    // each accepted item update renews the wait, so a correct integration is not failed for it.
    const accepted = () => puts(ctx.stage.requests, job.id).filter((c) => c.status < 300).length
    await endedWhileProgressing(ctx, job.id, accepted)
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

/** Virtual seconds the kit counts for the work on one entry (PROC-004). */
const secondsPerEntry = 5

const proc004: ScenarioDefinition = {
  id: 'PROC-004',
  group: 'Processing',
  rule: 'keeps a long job alive until it is finished',
  slow: true,
  stage: { expiresIn: 60 },
  async run(ctx) {
    const job = await ctx.stage.press({ numberOfItems: 300 })
    const entries = new Set((await itemsOf(ctx.stage, job.id)).map((i) => i.accountingEntryId))
    // The work on an entry takes time, and the kit sees it by its receipts: the first download
    // of an entry's receipt moves the virtual clock 5 s before the fake answers it, so booking
    // the job takes far longer than its 60 s window. It stays alive only if item updates keep
    // refreshing lastUpdatedAt as the work goes on: reporting each entry, or batches of up to
    // 11, do; holding the outcomes until 100 are ready does not. (A job expiring whatever the
    // integration does is PROC-006.)
    const worked = new Set<string>()
    const off = ctx.stage.beforeRequest(async (r) => {
      const entry = /^\/receipts\/([^/]+)\//.exec(r.path)?.[1]
      if (r.method !== 'GET' || entry === undefined || !entries.has(entry) || worked.has(entry)) {
        return
      }
      worked.add(entry)
      await ctx.stage.control.advanceClock(secondsPerEntry)
    })
    await ctx.start()
    // 300 entries take real time too, more on a busy machine: wait while the work goes on.
    const acceptedPuts = () => puts(ctx.stage.requests, job.id).filter((c) => c.status < 300)
    const status = await endedWhileProgressing(
      ctx,
      job.id,
      () => worked.size + acceptedPuts().length,
    )
    off()
    const accepted = acceptedPuts()
    const expected = `the job is completed: while each entry's work (its first receipt download) moves the clock ${secondsPerEntry} s, item updates keep it inside its 60 s window`
    const observed = `the job is ${status ?? 'missing'} after the work on ${worked.size} entr${worked.size === 1 ? 'y' : 'ies'} and ${accepted.length} accepted item update(s)`
    const lines = ctx.lines(about(job.id)).slice(-20)
    if (worked.size === 0) {
      return {
        outcome: 'not-applicable',
        expected,
        observed: `it downloaded no receipt (the job is ${status ?? 'missing'}), so the kit could not time its work`,
        lines,
      }
    }
    return { outcome: passIf(processed(status)), expected, observed, lines }
  },
}

const proc005: ScenarioDefinition = {
  id: 'PROC-005',
  group: 'Processing',
  rule: 'survives 5xx and 429 answers, honouring Retry-After',
  slow: true,
  stage: {
    faults: [
      // At least one 429 whatever the draws: the first read of a job's items (it must be retried).
      { target: 'http', status: 429, retryAfter: 1, route: 'GET /*/export-jobs/*/items', count: 1 },
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

const proc006: ScenarioDefinition = {
  id: 'PROC-006',
  group: 'Processing',
  rule: 'stops writing to a job that expired mid-processing and goes on with the next pending job',
  async run(ctx) {
    const { stage } = ctx
    // Pressed while the integration runs, so every delivery is answered at once and none is due
    // again when the clock jumps (a late copy naming the expired job would explain a request).
    await ctx.start()
    await ctx.settle()
    const job = await stage.press({ numberOfItems: 5 })
    // On the first item update of the job, before the fake answers it, the clock jumps past the
    // job's window: whatever the integration did to keep it alive, it has expired, and that update
    // is refused (422). Everything the integration sends about the job afterwards is caused by
    // how it takes the refusal.
    let expired = false
    const off = stage.beforeRequest(async (arriving) => {
      if (expired || arriving.method !== 'PUT' || arriving.jobId !== job.id) return
      expired = true
      await stage.control.advanceClock(job.expiresIn + 1)
    })
    await stage.control.advanceClock(10)
    // Younger, so it comes second, with a window that outlives the jump.
    const next = await stage.press({ numberOfItems: 3, expiresIn: 4 * job.expiresIn })
    const status = await ended(ctx, next.id)
    await ctx.settle(1000)
    off()
    const mine = stage.requests.filter(about(job.id))
    const first422 = mine.findIndex((c) => c.status === 422)
    const after = first422 < 0 ? [] : mine.slice(first422 + 1)
    const writes = after.filter((c) => c.method !== 'GET')
    const finals = writes.filter(isFinal).length
    const claims = writes.filter((c) => isEvent(c, 'started')).length
    return {
      outcome: passIf(
        first422 >= 0 &&
          statusOf(stage, job.id) === 'expired' &&
          writes.length === 0 &&
          processed(status),
      ),
      expected: `the first item update of ${job.id.slice(0, 8)} finds it expired (the kit moves the clock past its window) and is refused 422; nothing is written to it afterwards (no item update, no final event, no second started) and the next pending job, ${next.id.slice(0, 8)}, is completed`,
      observed: !expired
        ? `the integration never updated the items of ${job.id.slice(0, 8)}, so it could not expire mid-processing; the next job is ${status}`
        : `${first422 < 0 ? 'no 422 about the expired job' : `${writes.length} write(s) after the first 422 (${finals} final event(s), ${claims} started)`}; the expired job is ${statusOf(stage, job.id)}, the next job ${status}`,
      lines: ctx.lines(about(job.id)).slice(-20),
    }
  },
}

/** Does `a` ask the same thing as `b` (method, path, query, body)? */
const sameRequest = (a: Captured, b: Captured) =>
  a.method === b.method &&
  a.path === b.path &&
  a.query === b.query &&
  JSON.stringify(a.body) === JSON.stringify(b.body)

/** Presses jobs until one has at least two entries with receipts; answers it and those entries. */
async function jobWithReceipts(ctx: ScenarioContext) {
  for (let tries = 0; ; tries++) {
    const job = await ctx.stage.press({ numberOfItems: 6 })
    const exported = await kitClient(ctx.stage).allExportItems(job.id)
    const withFiles = exported.ok
      ? exported.data.filter((item) => (item.files ?? []).some((file) => file !== null))
      : []
    if (withFiles.length >= 2 || tries >= 5) return { job, withFiles }
    // Out of the way: another integration holds it (the kit never lists it as pending again).
    await ctx.stage.control.sendEvent({ jobId: job.id, event: 'started' })
  }
}

const proc007: ScenarioDefinition = {
  id: 'PROC-007',
  group: 'Processing',
  rule: 'reports an item whose receipt cannot be downloaded failed (receipt_download_failure) and completes the rest',
  async run(ctx) {
    const { job, withFiles } = await jobWithReceipts(ctx)
    const broken = withFiles[0]?.accountingEntryId
    if (broken === undefined) throw new Error('the fake generated no entry with a receipt')
    // That one entry's receipt files answer 404 RECEIPT_NOT_FOUND; every other download works.
    await ctx.stage.control.setFaults({
      seed: 'conform',
      rules: [{ target: 'http', route: `GET /receipts/${broken}/*`, status: 404 }],
    })
    await ctx.start()
    const status = await ended(ctx, job.id)
    await ctx.settle()
    const downloads = ctx.stage.receiptRequests
    const expected = `the item whose receipt answers 404 (${broken.slice(0, 8)}…) is reported failed with receipt_download_failure after the download was tried, every other item successful, and the job ends completed_with_errors`
    const lines = [
      ...downloads.slice(0, 10).map(formatRequest),
      ...ctx.lines((c) => c.jobId === job.id && c.method !== 'GET'),
    ]
    if (downloads.length === 0) {
      return {
        outcome: 'not-applicable',
        expected,
        observed: `it never downloaded a receipt (the job is ${status ?? 'missing'}), so the kit cannot tell how it handles a failed download`,
        lines,
      }
    }
    const items = await itemsOf(ctx.stage, job.id)
    const item = items.find((i) => i.accountingEntryId === broken)
    const tried = downloads.some(
      (c) => c.path.startsWith(`/receipts/${broken}/`) && c.status === 404,
    )
    const others = items.filter((i) => i.accountingEntryId !== broken)
    const othersDone = others.filter((i) => i.status === 'successful').length
    const held =
      tried &&
      item?.status === 'failed' &&
      item.failureReasonType === 'receipt_download_failure' &&
      othersDone === others.length &&
      status === 'completed_with_errors'
    return {
      outcome: passIf(held),
      expected,
      observed: `${tried ? 'its receipt download answered 404' : 'its receipt was never downloaded'}; that item is ${item?.status ?? 'missing'}${item?.failureReasonType ? ` (${item.failureReasonType})` : ''}; ${othersDone} of ${others.length} other items successful; the job is ${status ?? 'missing'}`,
      lines,
    }
  },
}

export const processing = [proc001, proc002, proc003, proc004, proc005, proc006, proc007]
