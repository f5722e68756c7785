// Small shared schemas and helpers: ids, and date-times. Responses carry UTC date-times with a
// `Z` (Pleo's examples: 2023-11-07T05:31:56Z); requests take any RFC 3339 date-time, as the
// spec's `format: date-time` does, and `toUtcDateTime` turns one into UTC without touching its
// fraction of a second (docs/decisions/0009-request-date-times.md).
import { z } from 'zod'

/** Pleo ids are UUID-shaped strings; the demo company id is not RFC 9562, so only the shape counts. */
export const uuid = z.guid({ error: 'must be a UUID (8-4-4-4-12 hex digits)' })

/** A UTC date-time as the fake answers it: 2023-11-07T05:31:56Z (any fraction of a second). */
export const timestamp = z.iso.datetime({ error: 'must be an ISO 8601 date-time' })

/**
 * RFC 3339 section 5.6 `date-time`: seconds required, any fraction, `Z` or a numeric offset,
 * `T` and `Z` in either case. zod's own pattern (which checks month lengths and leap years) made
 * case-insensitive. A leap second (`:60`) is not accepted: no instant can hold it.
 */
const rfc3339 = new RegExp(z.core.regexes.datetime({ offset: true, precision: null }).source, 'i')

const lastUtcMs = Date.parse('9999-12-31T23:59:59.999Z')
const firstUtcMs = Date.parse('0000-01-01T00:00:00Z')

/** The instant of an RFC 3339 date-time in epoch milliseconds (the fraction cut to 3 digits). */
export function dateTimeMs(text: string): number {
  return Date.parse(text.toUpperCase().replace(/(\.\d{3})\d+/, '$1'))
}

/** A request date-time: any RFC 3339 date-time whose UTC reading is a year 0000 to 9999. */
export const dateTime = z
  .stringFormat('datetime', (text) => rfc3339.test(text), {
    error:
      'must be an RFC 3339 date-time such as 2023-11-07T05:31:56Z or 2023-11-07T06:31:56.5+01:00',
  })
  .refine(
    (text) => {
      const ms = dateTimeMs(text)
      return Number.isNaN(ms) || (ms >= firstUtcMs && ms <= lastUtcMs)
    },
    { error: 'must fall between years 0000 and 9999 once converted to UTC' },
  )

/**
 * The same instant in UTC with a `Z`, keeping the fraction of a second exactly as given
 * (`2024-03-01T11:20:30.123456+01:00` → `2024-03-01T10:20:30.123456Z`). Takes what `dateTime`
 * accepted.
 */
export function toUtcDateTime(text: string): string {
  const match = /^(.+T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(text.toUpperCase())
  if (!match?.[1] || !match[3]) throw new Error(`not an RFC 3339 date-time: ${text}`)
  const whole = Date.parse(`${match[1]}${match[3]}`)
  return `${new Date(whole).toISOString().slice(0, 19)}${match[2] ?? ''}Z`
}

/** Seconds already formatted: a job's timestamps are formatted again on every read of it. At most
 * 512 are kept, then the memory is dropped whole. */
const formatted = new Map<number, string>()

export function formatTimestamp(ms: number): string {
  const second = Math.floor(ms / 1000)
  let text = formatted.get(second)
  if (text === undefined) {
    text = new Date(second * 1000).toISOString().replace('.000Z', 'Z')
    if (formatted.size >= 512) formatted.clear()
    formatted.set(second, text)
  }
  return text
}

export function formatNullableTimestamp(ms: number | null): string | null {
  return ms === null ? null : formatTimestamp(ms)
}
