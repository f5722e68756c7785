// Records every request in the journal after it is answered: method, path, query, status, the
// company, job and event it concerned, the fault injected into it (if any), the how-to alias it
// used (if any), and how long it took.
// Reads of the journal itself, and answered reads of the web app's views (GET /_sim/board,
// /_sim/companies, /_sim/messages, /_sim/export-jobs/{jobId}), are not recorded, so polling them
// does not flood it. Bodies are never recorded, and secrets in the query string (OAuth codes,
// verifiers, tokens and client secrets, API keys, passwords; names compared without case) are
// masked as `***`. A path or query longer than `journalTextLimit` characters is cut there and
// marked (`…[truncated, N chars]`), so one request cannot add more than a few kilobytes.
import type { Context } from 'hono'
import type { AppDeps, AppEnv, JournalNote } from '../app-env.ts'

/** The dashboard views: the web app re-reads them on every live event, which would flood the
 * journal it shows. Refused reads of them (a missing admin token, bad input) are still recorded. */
const isView = (path: string) =>
  path === '/_sim/board' ||
  path === '/_sim/companies' ||
  path === '/_sim/messages' ||
  path.startsWith('/_sim/export-jobs/')
const unjournaled = (path: string, status: number) =>
  path === '/_sim/journal' || (isView(path) && status < 400)

/** Starts the request's note (what the route adds to its journal entry); returns the start time. */
export function beginNote(c: { set(key: 'note', value: JournalNote): void }): number {
  c.set('note', {})
  return performance.now()
}

/** Records the answered request in the journal (unless it is one of the unjournaled reads). */
export function recordRequest(deps: AppDeps, c: Context<AppEnv>, started: number): void {
  if (c.req.method === 'GET' && unjournaled(c.req.path, c.res.status)) return
  const note: JournalNote = c.get('note') ?? {}
  const url = c.req.url
  const q = url.indexOf('?')
  const entry = {
    at: deps.clock.now(),
    method: c.req.method,
    path: clip(c.req.path),
    query: q < 0 ? '' : clip(maskQuery(url.slice(q + 1))),
    status: c.res.status,
    companyId: note.companyId ?? null,
    jobId: note.jobId ?? null,
    event: note.event ?? null,
    fault: note.fault ?? null,
    alias: note.alias ?? null,
    durationMs: Math.round((performance.now() - started) * 1000) / 1000,
  }
  deps.store.appendJournal(entry)
  // Nobody listening (no stream open) is the usual case: the event is not built at all.
  if (deps.bus && deps.bus.listenerCount() > 0) {
    deps.bus.emit('journal.appended', entry.at, {
      method: entry.method,
      path: entry.path,
      status: entry.status,
      jobId: entry.jobId,
    })
  }
  deps.requestLog?.(describe(entry))
}

/** Characters of a path or query string the journal keeps. */
export const journalTextLimit = 2048

/** `text` if short enough, else its first `journalTextLimit` characters and a mark. */
export function clip(text: string): string {
  if (text.length <= journalTextLimit) return text
  return `${text.slice(0, journalTextLimit)}…[truncated, ${text.length} chars]`
}

const secretParams = new Set([
  'code',
  'code_verifier',
  'client_secret',
  'refresh_token',
  'access_token',
  'token',
  'api_key',
  'apikey',
  'api-key',
  'key',
  'password',
  'secret',
  'admin_token',
])

/** The raw query string with the values of secret parameters replaced by `***`. */
export function maskQuery(query: string): string {
  return query
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=')
      const rawName = eq < 0 ? part : part.slice(0, eq)
      let name = rawName
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '))
      } catch {
        // keep the raw name
      }
      return secretParams.has(name.toLowerCase()) && eq >= 0 ? `${rawName}=***` : part
    })
    .join('&')
}

export function noteRequest(
  c: { get(key: 'note'): JournalNote; set(key: 'note', value: JournalNote): void },
  note: JournalNote,
): void {
  // The request's own note (beginNote made it), so adding to it in place is safe and spares a copy.
  const current = c.get('note') as JournalNote | undefined
  if (current) Object.assign(current, note)
  else c.set('note', { ...note })
}

function describe(entry: {
  method: string
  path: string
  query: string
  status: number
  event: string | null
  fault: string | null
  durationMs: number
}): string {
  const query = entry.query ? `?${entry.query}` : ''
  const event = entry.event ? ` (${entry.event})` : ''
  const fault = entry.fault ? ` [fault: ${entry.fault}]` : ''
  return `${entry.method} ${entry.path}${query}${event} → ${entry.status} ${entry.durationMs.toFixed(1)}ms${fault}`
}
