// Per-request faults through the `Prefer` header, Prism style: `Prefer: status=503`,
// `Prefer: delay=200` (milliseconds) or both (`Prefer: status=429, delay=50`). Other preferences
// are ignored, as RFC 7240 asks; a bad value for `status` or `delay` is an error the caller
// answers with 400.
import { faultStatuses, maxFaultDelayMs, type FaultStatus } from '@fake-pleo/contract'

type PreferredFault = { status?: FaultStatus; delayMs?: number }

export type PreferParse = { ok: true; value: PreferredFault } | { ok: false; message: string }

/** Reads `status` and `delay` from a Prefer header; the first occurrence of each counts. */
export function parsePrefer(header: string | undefined): PreferParse {
  const value: PreferredFault = {}
  if (!header) return { ok: true, value }
  for (const preference of header.split(',')) {
    const [token = '', ...rest] = (preference.split(';')[0] ?? '').split('=')
    const name = token.trim().toLowerCase()
    if (name !== 'status' && name !== 'delay') continue
    const raw = rest
      .join('=')
      .trim()
      .replace(/^"(.*)"$/, '$1')
    if (name === 'status' && value.status === undefined) {
      const status = Number(raw)
      if (!/^\d{3}$/.test(raw) || !(faultStatuses as readonly number[]).includes(status)) {
        return {
          ok: false,
          message: `header 'Prefer': status must be one of ${faultStatuses.join(', ')} (got '${raw}')`,
        }
      }
      value.status = status as FaultStatus
    }
    if (name === 'delay' && value.delayMs === undefined) {
      const delay = Number(raw)
      if (!/^\d{1,6}$/.test(raw) || delay > maxFaultDelayMs) {
        return {
          ok: false,
          message: `header 'Prefer': delay must be whole milliseconds from 0 to ${maxFaultDelayMs} (got '${raw}')`,
        }
      }
      value.delayMs = delay
    }
  }
  return { ok: true, value }
}
