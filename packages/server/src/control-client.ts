// Typed helpers over the control API for tests and tools: press Export, create companies, act as
// another integration, move the clock, read the journal, reset. Uses an injected fetch, so it
// works against app.request in-process or a server on a port.
import type { ExportJobV3 } from '@fake-pleo/contract'
import type { FaultConfig, FaultState } from './faults/rules.ts'
import type { JournalEntry } from './store/types.ts'

type Fetch = (input: string, init?: RequestInit) => Promise<Response>

/** A journal entry as the control API shows it (`at` as an ISO timestamp). */
export type JournalRecord = Omit<JournalEntry, 'at'> & { at: string }

export type PressExport = {
  companyId: string
  numberOfItems?: number
  createdBy?: string | null
  isInteractive?: boolean
  vendorBasedBookkeeping?: boolean
  expiresIn?: number
}

export type ClockView = {
  now: string
  nowMs: number
  mode: 'system' | 'manual'
  /** What webhook-timestamp follows (absent from servers older than this field: `virtual`). */
  webhookTimestamps?: 'wall' | 'virtual'
}

export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} answered ${status}: ${JSON.stringify(body)}`)
  }
}

export function createControl(fetch: Fetch, adminToken?: string) {
  const auth: Record<string, string> = adminToken ? { authorization: `Bearer ${adminToken}` } : {}
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const init: RequestInit = { method, headers: auth }
    if (body !== undefined) {
      init.body = JSON.stringify(body)
      init.headers = { ...auth, 'content-type': 'application/json' }
    }
    const response = await fetch(path, init)
    const text = await response.text()
    const parsed: unknown = text ? JSON.parse(text) : undefined
    if (!response.ok) throw new ControlError(response.status, parsed, `${method} ${path}`)
    return parsed as T
  }
  const data = async <T>(method: string, path: string, body?: unknown) =>
    (await call<{ data: T }>(method, path, body)).data
  return {
    health: () => call<{ ok: true; version: string }>('GET', '/_sim/health'),
    createCompany: (body: { name?: string; contraAccountsMissing?: boolean } = {}) =>
      data<{ company: { id: string; name: string }; apiKey: string }>(
        'POST',
        '/_sim/companies',
        body,
      ),
    pressExport: (body: PressExport) => data<ExportJobV3>('POST', '/_sim/export-jobs', body),
    /** Applies an event as another integration; resolves to the HTTP status (202 or 422). */
    sendEvent: async (body: {
      jobId: string
      event: string
      failureReason?: string
      failureReasonType?: string
    }) => {
      const response = await fetch('/_sim/export-job-events', {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { ...auth, 'content-type': 'application/json' },
      })
      await response.body?.cancel()
      return response.status
    },
    clock: () => data<ClockView>('GET', '/_sim/clock'),
    advanceClock: (seconds: number) => data<ClockView>('POST', '/_sim/clock/advance', { seconds }),
    setClock: (now: string) => data<ClockView>('POST', '/_sim/clock/set', { now }),
    journal: (after = 0, limit = 1000) =>
      data<JournalRecord[]>('GET', `/_sim/journal?after=${after}&limit=${limit}`),
    reset: () => call<{ ok: true }>('POST', '/_sim/reset'),
    setFaults: (config: FaultConfig) => data<FaultState>('PUT', '/_sim/faults', config),
    faults: () => data<FaultState>('GET', '/_sim/faults'),
    clearFaults: () => data<FaultState>('DELETE', '/_sim/faults'),
  }
}

export type Control = ReturnType<typeof createControl>
