// The control client: typed helpers over the fake's control API (/_sim) for tests and tools. Press
// Export, create companies (and more API keys for one), OAuth clients and vendors, act as another
// integration (steal a claim), move the clock, set faults, read the journal and the webhook deliveries, redeliver, reset. The
// fetch is injected, so it works against a fake's app.request in-process, a fake on a port, or a
// `fake-pleo serve` elsewhere (with its admin token); the wire shapes are the contract's
// (control-api.ts, fault-rules.ts), so this never loads the server. The SSE stream, /_sim/stream,
// is read with fetch or EventSource.
import type {
  ClockView,
  ControlEvent,
  CreateCompany,
  CreatedApiKey,
  CreatedCompany,
  CreateOAuthClient,
  CreateVendor,
  DeliveryView,
  ExportJobV3,
  FaultConfig,
  FaultState,
  HealthView,
  JournalRecord,
  OAuthClientView,
  PressExport,
} from '@fake-pleo/contract'

/** A fetch for paths on the fake (`/_sim/…`): app.request, or fetch bound to a base URL. */
type Fetch = (input: string, init?: RequestInit) => Promise<Response>

/** A control route answered an error: its status and body. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} answered ${status}: ${JSON.stringify(body)}`)
  }
}

/** The control API, typed: every helper resolves to the `data` of its answer. */
export type Control = {
  health(): Promise<HealthView>
  createCompany(body?: CreateCompany): Promise<CreatedCompany>
  /** Another API key for an existing company (one per instance of an integration). */
  createApiKey(companyId: string): Promise<CreatedApiKey>
  /** Presses Export in the web app: a new pending job. */
  pressExport(body: PressExport): Promise<ExportJobV3>
  /** Applies an event as another integration; resolves to the HTTP status (202 or 422). */
  sendEvent(body: ControlEvent): Promise<number>
  /** Claims the job as another integration (`started`): 202 if it won, 422 if not. */
  stealClaim(jobId: string): Promise<number>
  createOAuthClient(body: CreateOAuthClient): Promise<OAuthClientView>
  /** Creates a vendor (sends `v1.vendor.created`); answers the vendor as stored. */
  createVendor(body: CreateVendor): Promise<Record<string, unknown>>
  clock(): Promise<ClockView>
  advanceClock(seconds: number): Promise<ClockView>
  setClock(now: string): Promise<ClockView>
  journal(after?: number, limit?: number): Promise<JournalRecord[]>
  /** Webhook attempts, oldest first, after the delivery id `after`. */
  deliveries(after?: number, limit?: number): Promise<DeliveryView[]>
  /** Sends the message of that attempt again now, with the same webhook-id. */
  redeliver(deliveryId: number): Promise<{ webhookId: string }>
  reset(): Promise<{ ok: true }>
  setFaults(config: FaultConfig): Promise<FaultState>
  faults(): Promise<FaultState>
  clearFaults(): Promise<FaultState>
}

const json = { 'content-type': 'application/json' }

export function createControl(fetch: Fetch, adminToken?: string): Control {
  const auth: Record<string, string> = adminToken ? { authorization: `Bearer ${adminToken}` } : {}
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    // Every state change says JSON, body or not: the control API refuses it otherwise (415).
    const init: RequestInit =
      method === 'GET' ? { method, headers: auth } : { method, headers: { ...auth, ...json } }
    if (body !== undefined) init.body = JSON.stringify(body)
    const response = await fetch(path, init)
    const text = await response.text()
    const parsed: unknown = text ? JSON.parse(text) : undefined
    if (!response.ok) throw new ControlError(response.status, parsed, `${method} ${path}`)
    return parsed as T
  }
  const data = async <T>(method: string, path: string, body?: unknown) =>
    (await call<{ data: T }>(method, path, body)).data
  const sendEvent = async (body: ControlEvent) => {
    const response = await fetch('/_sim/export-job-events', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { ...auth, ...json },
    })
    await response.body?.cancel()
    return response.status
  }
  return {
    health: () => call<HealthView>('GET', '/_sim/health'),
    createCompany: (body = {}) => data<CreatedCompany>('POST', '/_sim/companies', body),
    createApiKey: (companyId) =>
      data<CreatedApiKey>('POST', `/_sim/companies/${encodeURIComponent(companyId)}/api-keys`, {}),
    pressExport: (body) => data<ExportJobV3>('POST', '/_sim/export-jobs', body),
    sendEvent,
    stealClaim: (jobId) => sendEvent({ jobId, event: 'started' }),
    createOAuthClient: (body) => data<OAuthClientView>('POST', '/_sim/oauth/clients', body),
    createVendor: (body) => data<Record<string, unknown>>('POST', '/_sim/vendors', body),
    clock: () => data<ClockView>('GET', '/_sim/clock'),
    advanceClock: (seconds) => data<ClockView>('POST', '/_sim/clock/advance', { seconds }),
    setClock: (now) => data<ClockView>('POST', '/_sim/clock/set', { now }),
    journal: (after = 0, limit = 1000) =>
      data<JournalRecord[]>('GET', `/_sim/journal?after=${after}&limit=${limit}`),
    deliveries: (after = 0, limit = 1000) =>
      data<DeliveryView[]>('GET', `/_sim/deliveries?after=${after}&limit=${limit}`),
    redeliver: (deliveryId) =>
      data<{ webhookId: string }>('POST', `/_sim/deliveries/${deliveryId}/redeliver`),
    reset: () => call<{ ok: true }>('POST', '/_sim/reset'),
    setFaults: (config) => data<FaultState>('PUT', '/_sim/faults', config),
    faults: () => data<FaultState>('GET', '/_sim/faults'),
    clearFaults: () => data<FaultState>('DELETE', '/_sim/faults'),
  }
}
