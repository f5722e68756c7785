// The virtual clock through the control API: GET /_sim/clock reads {now, nowMs, mode}; POST
// /_sim/clock/advance {seconds} moves it forward by exactly that much; POST /_sim/clock/set {now}
// moves it to an instant; a backwards set, a zero or negative advance and malformed bodies are
// 400s that leave the clock where it was. Job timestamps follow the clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { inProcessFake } from './helpers.ts'
import { expectError, now, pressExport, read, storedJob, type Fake } from './support.ts'

const clockSchema = z
  .object({
    data: z
      .object({
        now: z.string(),
        nowMs: z.number(),
        mode: z.enum(['system', 'manual']),
        webhookTimestamps: z.enum(['wall', 'virtual']),
      })
      .strict(),
  })
  .strict()

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

describe('control API: the clock', () => {
  let t: Fake
  afterEach(() => t.close())
  beforeEach(() => {
    t = inProcessFake()
  })

  it('GET /_sim/clock reads the manual clock, which stands still', async () => {
    const first = await read(await t.get('/_sim/clock'), 200, clockSchema)
    expect(first.data).toEqual({
      now: iso(now(t)),
      nowMs: now(t),
      mode: 'manual',
      webhookTimestamps: 'wall',
    })
    await pressExport(t)
    const second = await read(await t.get('/_sim/clock'), 200, clockSchema)
    expect(second.data.nowMs).toBe(first.data.nowMs)
  })

  it('POST /_sim/clock/advance moves forward by exactly the given seconds', async () => {
    const start = now(t)
    const response = await read(await t.control.advance(90), 200, clockSchema)
    expect(response.data).toEqual({
      now: iso(start + 90_000),
      nowMs: start + 90_000,
      mode: 'manual',
      webhookTimestamps: 'wall',
    })
    await read(await t.control.advance(0.5), 200, clockSchema)
    expect(now(t)).toBe(start + 90_500)
    const job = await pressExport(t)
    expect(storedJob(t, job.id).createdAt).toBe(start + 90_500)
  })

  it('POST /_sim/clock/set moves to the given instant', async () => {
    const target = now(t) + 3 * 86_400_000
    const response = await read(
      await t.send('POST', '/_sim/clock/set', { now: new Date(target).toISOString() }, {}),
      200,
      clockSchema,
    )
    expect(response.data.nowMs).toBe(target)
    expect(now(t)).toBe(target)
    await read(
      await t.send('POST', '/_sim/clock/set', { now: '2099-01-01T01:00:00+01:00' }, {}),
      200,
      clockSchema,
    )
    expect(now(t)).toBe(Date.parse('2099-01-01T00:00:00Z'))
  })

  it('POST /_sim/clock/set to the current instant is allowed', async () => {
    const at = now(t)
    await read(
      await t.send('POST', '/_sim/clock/set', { now: new Date(at).toISOString() }, {}),
      200,
      clockSchema,
    )
    expect(now(t)).toBe(at)
  })

  it('refuses to move backwards and leaves the clock alone', async () => {
    const at = now(t)
    const message = await expectError(
      await t.send('POST', '/_sim/clock/set', { now: new Date(at - 1000).toISOString() }, {}),
      400,
      'BAD_REQUEST',
    )
    expect(message).toContain('only moves forward')
    expect(now(t)).toBe(at)
  })

  it('refuses bad advance and set bodies, leaving the clock alone', async () => {
    const at = now(t)
    const bad: [string, unknown][] = [
      ['/_sim/clock/advance', { seconds: 0 }],
      ['/_sim/clock/advance', { seconds: -60 }],
      ['/_sim/clock/advance', { seconds: '60' }],
      ['/_sim/clock/advance', { seconds: 60, extra: true }],
      ['/_sim/clock/advance', {}],
      ['/_sim/clock/advance', { seconds: 11 * 365 * 86_400 }],
      ['/_sim/clock/set', { now: 'tomorrow' }],
      ['/_sim/clock/set', { now: '2099-01-01T00:00:00' }],
      ['/_sim/clock/set', {}],
    ]
    for (const [path, body] of bad) {
      await expectError(await t.send('POST', path, body, {}), 400, 'BAD_REQUEST')
    }
    expect(now(t)).toBe(at)
  })

  it('says which clock webhook timestamps follow, so an attached tool can verify against it', async () => {
    using simulated = inProcessFake({ webhookTimestamps: 'virtual' })
    const view = await read(await simulated.get('/_sim/clock'), 200, clockSchema)
    expect(view.data.webhookTimestamps).toBe('virtual')
  })
})
