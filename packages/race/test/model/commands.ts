// The commands of the model-based test, one class per operation on the fake: press Export, list,
// get, claim, update items, finish, move the clock and reset. Each checks the reply against the
// model, updates the model, then compares the touched job with a fresh GET. Jobs are picked by a
// generated index into the model's jobs (modulo), or are ids a reset wiped out, or never existed.
import fc from 'fast-check'
import { expect } from 'vitest'
import { z } from 'zod'
import { exportJobItemV3Schema } from '@fake-pleo/contract'
import {
  addJob,
  advanceClock,
  applyEvent,
  findJob,
  reset,
  updateItems,
  type ItemChange,
  type JobEvent,
  type JobStatus,
  type Model,
} from './model.ts'
import {
  expectJobAsModelled,
  expectReply,
  jobBodySchema,
  listAllPages,
  realItems,
} from './compare.ts'
import type { Real } from './real.ts'

type Command = fc.AsyncCommand<Model, Real>

/** Which job a command acts on: one the model knows, one a reset wiped out, or a made-up id. */
export type Target = { kind: 'known' | 'gone' | 'unknown'; index: number }

export const unknownJobId = '00000000-0000-4000-8000-000000000000'
const unknownEntryId = '00000000-0000-4000-8000-00000000000e'
const allStatuses: readonly JobStatus[] = [
  'pending',
  'in_progress',
  'completed',
  'completed_with_errors',
  'failed',
  'expired',
]

function pick<T>(list: readonly T[], index: number): T | undefined {
  return list.length === 0 ? undefined : list[index % list.length]
}

/** The job id a target names in this model (a made-up id when there is nothing to pick). */
export function resolve(model: Model, target: Target): string {
  if (target.kind === 'known') return pick(model.jobs, target.index)?.id ?? unknownJobId
  if (target.kind === 'gone') return pick(model.gone, target.index) ?? unknownJobId
  return unknownJobId
}

/** Whether the target can name a job in this model; commands that cannot are skipped. */
function canTarget(model: Model, target: Target): boolean {
  if (target.kind === 'known') return model.jobs.length > 0
  if (target.kind === 'gone') return model.gone.length > 0
  return true
}

function label(target: Target): string {
  return target.kind === 'unknown' ? 'unknown' : `${target.kind}#${target.index}`
}

export class CreateJob implements Command {
  constructor(readonly numberOfItems: number) {}
  check = () => true
  async run(model: Model, real: Real): Promise<void> {
    const body = { companyId: real.companyId, numberOfItems: this.numberOfItems }
    const reply = await real.call('POST', '/_sim/export-jobs', body)
    expectReply(reply, { status: 201 }, 'press Export')
    const created = jobBodySchema.parse(reply.body).data
    expect(created.status).toBe('pending')
    const items = await realItems(real, created.id)
    expect(items.map((item) => item.status)).toEqual(Array(this.numberOfItems).fill('pending'))
    addJob(
      model,
      created.id,
      items.map((item) => item.id),
    )
    await expectJobAsModelled(model, real, created.id)
  }
  toString = () => `CreateJob(${this.numberOfItems} items)`
}

export class ListJobs implements Command {
  constructor(
    readonly statuses: readonly JobStatus[],
    readonly limit: number,
  ) {}
  check = () => true
  async run(model: Model, real: Real): Promise<void> {
    const wanted = model.jobs.filter(
      (job) => this.statuses.length === 0 || this.statuses.includes(job.status),
    )
    const listed = await listAllPages(real, this.statuses, this.limit, wanted.length)
    expect(listed).toEqual(new Map(wanted.map((job) => [job.id, job.status])))
  }
  toString = () => `ListJobs([${this.statuses.join(',')}], limit ${this.limit})`
}

export class GetJob implements Command {
  constructor(readonly target: Target) {}
  check = (model: Readonly<Model>) => canTarget(model, this.target)
  async run(model: Model, real: Real): Promise<void> {
    await expectJobAsModelled(model, real, resolve(model, this.target))
  }
  toString = () => `GetJob(${label(this.target)})`
}

/** Who sends an event: the integration (public API) or "another integration" (control API). */
export type Sender = 'public' | 'control'

const eventPaths: Record<Sender, string> = {
  public: '/v3/export-job-events',
  control: '/_sim/export-job-events',
}

/** Sends the event, compares the reply with the model's answer, then compares the job. */
async function sendEvent(model: Model, real: Real, target: Target, event: JobEvent, via: Sender) {
  const jobId = resolve(model, target)
  const reply = await real.call('POST', eventPaths[via], { jobId, event })
  const expected = applyEvent(model, jobId, event)
  expectReply(reply, expected, `${event} on ${jobId}`)
  if (expected.status === 202) expect(reply.body).toBeNull()
  await expectJobAsModelled(model, real, jobId)
}

export class Claim implements Command {
  constructor(
    readonly target: Target,
    readonly via: Sender,
  ) {}
  check = (model: Readonly<Model>) => canTarget(model, this.target)
  run = (model: Model, real: Real) => sendEvent(model, real, this.target, 'started', this.via)
  toString = () => `Claim(${label(this.target)}, via ${this.via})`
}

export type FinishEvent = Exclude<JobEvent, 'started'>

export class Finish implements Command {
  constructor(
    readonly target: Target,
    readonly event: FinishEvent,
  ) {}
  check = (model: Readonly<Model>) => canTarget(model, this.target)
  run = (model: Model, real: Real) => sendEvent(model, real, this.target, this.event, 'public')
  toString = () => `Finish(${label(this.target)}, ${this.event})`
}

/** One item update: an item of the job (by index), or an entry the job does not hold. */
export type ItemPick = { source: 'own' | 'other-job' | 'unknown'; index: number }
export type ItemUpdateSpec = { item: ItemPick; status: 'successful' | 'failed' }

function entryFor(model: Model, jobId: string, item: ItemPick): string {
  if (item.source === 'unknown') return unknownEntryId
  const own = findJob(model, jobId)
  if (item.source === 'own') return pick(own?.items ?? [], item.index)?.id ?? unknownEntryId
  const others = model.jobs.filter((job) => job.id !== jobId && job.items.length > 0)
  return pick(pick(others, item.index)?.items ?? [], item.index)?.id ?? unknownEntryId
}

const itemUpdateReplySchema = z.object({
  data: z.array(exportJobItemV3Schema),
  errors: z.array(z.object({ accountingEntryId: z.string(), type: z.string() })),
})

export class ItemUpdate implements Command {
  constructor(
    readonly target: Target,
    readonly updates: readonly ItemUpdateSpec[],
  ) {}
  check = (model: Readonly<Model>) => canTarget(model, this.target)
  async run(model: Model, real: Real): Promise<void> {
    const jobId = resolve(model, this.target)
    const changes = this.updates.map((u): ItemChange => ({
      id: entryFor(model, jobId, u.item),
      status: u.status,
    }))
    const body = changes.map((c) => ({ accountingEntryId: c.id, status: c.status }))
    const reply = await real.call('PUT', `/v3/export-jobs/${jobId}/items`, body)
    const expected = updateItems(model, jobId, changes)
    expectReply(reply, expected, `PUT items of ${jobId}`)
    if (expected.status === 200) expectItemReply(model, jobId, changes, reply.body)
    await expectJobAsModelled(model, real, jobId)
  }
  toString = () =>
    `ItemUpdate(${label(this.target)}, [${this.updates.map((u) => `${u.item.source}#${u.item.index}→${u.status}`).join(', ')}])`
}

/** The 200 body: the job's updated items (once each, final status) and the rest as errors. */
function expectItemReply(model: Model, jobId: string, changes: ItemChange[], body: unknown): void {
  const held = new Set(findJob(model, jobId)?.items.map((item) => item.id))
  const parsed = itemUpdateReplySchema.parse(body)
  const applied = new Map(changes.filter((c) => held.has(c.id)).map((c) => [c.id, c.status]))
  const refused = changes.filter((c) => !held.has(c.id)).map((c) => c.id)
  expect(new Map(parsed.data.map((item) => [item.accountingEntryId, item.status]))).toEqual(applied)
  expect(parsed.data).toHaveLength(applied.size)
  expect(parsed.errors.map((e) => e.accountingEntryId)).toEqual(refused)
}

export class AdvanceClock implements Command {
  constructor(readonly seconds: number) {}
  check = () => true
  async run(model: Model, real: Real): Promise<void> {
    const reply = await real.call('POST', '/_sim/clock/advance', { seconds: this.seconds })
    advanceClock(model, this.seconds)
    expectReply(reply, { status: 200 }, 'advance the clock')
    expect(z.object({ data: z.object({ nowMs: z.number() }) }).parse(reply.body).data.nowMs).toBe(
      model.now,
    )
    for (const job of model.jobs) await expectJobAsModelled(model, real, job.id)
  }
  toString = () => `AdvanceClock(${this.seconds}s)`
}

/** Reset, when there is something to wipe. */
export class Reset implements Command {
  check = (model: Readonly<Model>) => model.jobs.length > 0
  async run(model: Model, real: Real): Promise<void> {
    const reply = await real.call('POST', '/_sim/reset')
    expectReply(reply, { status: 200 }, 'reset')
    const wiped = [...model.jobs]
    reset(model)
    const clock = await real.call('GET', '/_sim/clock')
    expect(z.object({ data: z.object({ nowMs: z.number() }) }).parse(clock.body).data.nowMs).toBe(
      model.now,
    )
    const first = wiped[0]
    if (first) await expectJobAsModelled(model, real, first.id)
  }
  toString = () => 'Reset()'
}

const target: fc.Arbitrary<Target> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('known' as const), index: fc.nat(99) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('gone' as const), index: fc.nat(99) }) },
  { weight: 1, arbitrary: fc.constant<Target>({ kind: 'unknown', index: 0 }) },
)

const itemPick: fc.Arbitrary<ItemPick> = fc.record({
  source: fc.constantFrom<ItemPick['source'][]>('own', 'own', 'own', 'own', 'other-job', 'unknown'),
  index: fc.nat(9),
})

const itemUpdates: fc.Arbitrary<ItemUpdateSpec[]> = fc.array(
  fc.record({ item: itemPick, status: fc.constantFrom('successful' as const, 'failed' as const) }),
  { minLength: 1, maxLength: 3 },
)

const finishEvent = fc.constantFrom<FinishEvent[]>('completed', 'completed_with_errors', 'failed')

/** Seconds to move the clock: around the expiry window more often than not. */
function clockStep(expiresIn: number): fc.Arbitrary<number> {
  const edges = [1, expiresIn / 2, expiresIn - 1, expiresIn, expiresIn + 1]
  return fc.oneof(fc.constantFrom(...edges), fc.integer({ min: 1, max: expiresIn * 2 }))
}

/**
 * Every command, with its arguments generated. fast-check picks among these evenly, so the job
 * operations are listed twice to make them more frequent than the clock, reads and reset.
 */
export function allCommands(expiresIn: number): fc.Arbitrary<Command>[] {
  const create = fc.integer({ min: 1, max: 4 }).map((n) => new CreateJob(n))
  const sender = fc.constantFrom<Sender[]>('public', 'public', 'control')
  const claim = fc.tuple(target, sender).map(([t, via]) => new Claim(t, via))
  const update = fc.tuple(target, itemUpdates).map(([t, updates]) => new ItemUpdate(t, updates))
  const finish = fc.tuple(target, finishEvent).map(([t, event]) => new Finish(t, event))
  return [
    ...[create, claim, update, finish].flatMap((command) => [command, command]),
    fc
      .tuple(fc.subarray([...allStatuses], { maxLength: 3 }), fc.integer({ min: 1, max: 3 }))
      .map(([statuses, limit]) => new ListJobs(statuses, limit)),
    target.map((t) => new GetJob(t)),
    clockStep(expiresIn).map((s) => new AdvanceClock(s)),
    fc.constant(null).map(() => new Reset()),
  ]
}
