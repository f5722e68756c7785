// Request date-times: every RFC 3339 form Pleo's `format: date-time` allows is accepted (offsets,
// lower-case t/z, fractions of any length), malformed or impossible ones are refused, and
// toUtcDateTime gives the same instant in UTC with the fraction exactly as sent. Expected values
// are worked out by hand.
import { describe, expect, it } from 'vitest'
import { dateTime, dateTimeMs, toUtcDateTime } from './primitives.ts'

describe('dateTime (request date-times)', () => {
  const accepted = [
    '2023-11-07T05:31:56Z',
    '2023-11-07T06:31:56+01:00',
    '2023-11-06T19:01:56-10:30',
    '2023-11-07T05:31:56-00:00',
    '2023-11-07t05:31:56z',
    '2023-11-07T05:31:56.5Z',
    '2023-11-07T05:31:56.530450712Z',
    '2024-02-29T23:59:59.999999+23:59',
  ]
  for (const text of accepted) {
    it(`accepts ${text}`, () => {
      expect(dateTime.safeParse(text).success).toBe(true)
    })
  }

  const refused = [
    '2023-11-07T05:31Z', // no seconds
    '2023-11-07 05:31:56Z', // a space for T
    '2023-11-07T05:31:56', // no offset
    '2023-11-07T05:31:56+0100', // offset without a colon
    '2023-11-07T05:31:56+1:00',
    '2023-02-29T05:31:56Z', // not a leap year
    '2023-11-07T24:00:00Z',
    '2023-11-07T05:31:56.Z',
    '20231107T053156Z',
    'yesterday',
    '0000-01-01T00:30:00+01:00', // before year 0000 in UTC
    '9999-12-31T23:30:00-01:00', // after year 9999 in UTC
  ]
  for (const text of refused) {
    it(`refuses ${text}`, () => {
      expect(dateTime.safeParse(text).success).toBe(false)
    })
  }
})

describe('toUtcDateTime', () => {
  const cases: [string, string][] = [
    ['2023-11-07T05:31:56Z', '2023-11-07T05:31:56Z'],
    ['2023-11-07t05:31:56z', '2023-11-07T05:31:56Z'],
    ['2023-11-07T06:31:56+01:00', '2023-11-07T05:31:56Z'],
    ['2023-11-07T06:31:56.500+01:00', '2023-11-07T05:31:56.500Z'],
    ['2023-11-07T05:31:56.530450712Z', '2023-11-07T05:31:56.530450712Z'],
    ['2023-11-06T19:01:56.1-10:30', '2023-11-07T05:31:56.1Z'],
    ['2024-01-01T00:30:00+01:00', '2023-12-31T23:30:00Z'],
    ['2024-02-28T23:30:00-01:00', '2024-02-29T00:30:00Z'],
  ]
  for (const [given, utc] of cases) {
    it(`${given} → ${utc}`, () => {
      expect(toUtcDateTime(given)).toBe(utc)
    })
  }
})

describe('dateTimeMs', () => {
  it('reads the instant to the millisecond', () => {
    expect(dateTimeMs('2023-11-07T06:31:56.530450712+01:00')).toBe(
      Date.UTC(2023, 10, 7, 5, 31, 56, 530),
    )
    expect(dateTimeMs('1970-01-01t00:00:00z')).toBe(0)
  })
})
