// Small shared schemas and helpers: ids, timestamps in Pleo's `YYYY-MM-DDTHH:mm:ssZ` form.
import { z } from 'zod'

/** Pleo ids are UUID-shaped strings; the demo company id is not RFC 9562, so only the shape counts. */
export const uuid = z.guid({ error: 'must be a UUID (8-4-4-4-12 hex digits)' })

/** A UTC timestamp at second precision, as Pleo's examples show it: 2023-11-07T05:31:56Z. */
export const timestamp = z.iso.datetime({ error: 'must be an ISO 8601 date-time' })

export function formatTimestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

export function formatNullableTimestamp(ms: number | null): string | null {
  return ms === null ? null : formatTimestamp(ms)
}
