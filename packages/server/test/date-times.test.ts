// Date-times in requests (docs/decisions/0009-request-date-times.md). PUT items' `exportedAt`
// takes any RFC 3339 date-time; the store keeps it in UTC with the fraction as sent, and every
// answer (the PUT's own, GET items) shows that UTC text with a `Z`. Malformed date-times are a 400
// naming the field, with nothing changed. The control API's clock counts milliseconds, so
// `POST /_sim/clock/set` takes any RFC 3339 date-time but refuses a finer fraction.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inProcessFake } from './helpers.ts'
import {
  applyEvent,
  expectError,
  itemListSchema,
  itemUpdateSchema,
  now,
  pressExport,
  read,
  stateWithoutJournal,
  storedItems,
  type Fake,
} from './support.ts'

describe('exportedAt in PUT /v3/export-jobs/{jobId}/items', () => {
  let t: Fake
  let jobId: string
  let entries: string[]
  afterEach(() => t.close())
  beforeEach(async () => {
    t = inProcessFake()
    jobId = (await pressExport(t, { numberOfItems: 5 })).id
    await applyEvent(t, jobId, 'started')
    entries = storedItems(t, jobId).map((i) => i.accountingEntryId)
  })
  const itemsPath = () => `/v3/export-jobs/${jobId}/items`

  const sent: [string, string][] = [
    ['2024-03-01T11:20:30+01:00', '2024-03-01T10:20:30Z'],
    ['2024-03-01t10:20:30.123456789z', '2024-03-01T10:20:30.123456789Z'],
    ['2024-03-01T10:20:30.5-13:45', '2024-03-02T00:05:30.5Z'],
    ['2024-03-01T10:20:30.120Z', '2024-03-01T10:20:30.120Z'],
    ['2024-01-01T00:30:00+01:00', '2023-12-31T23:30:00Z'],
  ]

  it('stores any RFC 3339 date-time in UTC with its fraction, and answers it so', async () => {
    const updates = sent.map(([exportedAt], i) => ({
      accountingEntryId: entries[i],
      status: 'successful',
      exportedAt,
    }))
    const body = await read(await t.send('PUT', itemsPath(), updates), 200, itemUpdateSchema)
    const utc = sent.map(([, expected]) => expected)
    expect(body.data.map((i) => i.exportedAt)).toEqual(utc)
    expect(storedItems(t, jobId).map((i) => i.exportedAt)).toEqual(utc)
    const listed = await read(await t.get(itemsPath()), 200, itemListSchema)
    expect(listed.data.map((i) => i.exportedAt)).toEqual(utc)
  })

  it('answers 400 naming exportedAt for a malformed date-time and changes nothing', async () => {
    const state = stateWithoutJournal(t)
    for (const exportedAt of [
      '2024-03-01 10:20:30Z',
      '2024-03-01T10:20Z',
      '2024-03-01T10:20:30',
      '2024-02-30T10:20:30Z',
      '2024-03-01T10:20:30+0100',
      '9999-12-31T23:30:00-01:00',
      1709288430,
    ]) {
      const message = await expectError(
        await t.send('PUT', itemsPath(), [
          { accountingEntryId: entries[0], status: 'successful' },
          { accountingEntryId: entries[1], status: 'successful', exportedAt },
        ]),
        400,
        'BAD_REQUEST',
      )
      expect(message).toContain("'1.exportedAt'")
    }
    expect(stateWithoutJournal(t)).toEqual(state)
  })
})

describe('POST /_sim/clock/set', () => {
  it('takes an RFC 3339 date-time with an offset and lower-case letters', async () => {
    using t = inProcessFake()
    const response = await t.send(
      'POST',
      '/_sim/clock/set',
      { now: '2040-01-01t01:00:00.25+01:00' },
      {},
    )
    expect(response.status).toBe(200)
    expect(now(t)).toBe(Date.UTC(2040, 0, 1, 0, 0, 0, 250))
  })

  it('refuses a fraction finer than the clock’s millisecond, and leaves the clock alone', async () => {
    using t = inProcessFake()
    const before = now(t)
    const message = await expectError(
      await t.send('POST', '/_sim/clock/set', { now: '2040-01-01T00:00:00.0001Z' }, {}),
      400,
      'BAD_REQUEST',
    )
    expect(message).toContain("'now'")
    expect(message).toContain('millisecond')
    expect(now(t)).toBe(before)
    const zeros = await t.send(
      'POST',
      '/_sim/clock/set',
      { now: '2040-01-01T00:00:00.123000Z' },
      {},
    )
    expect(zeros.status).toBe(200)
    expect(now(t)).toBe(Date.UTC(2040, 0, 1, 0, 0, 0, 123))
  })
})
