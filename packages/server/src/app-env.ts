// What createApp is built from (its injected dependencies) and the per-request variables its
// middleware and handlers share through Hono's context.
import type { Clock } from './clock.ts'
import type { EventBus } from './events.ts'
import type { ConfigurableFaultEngine } from './faults/types.ts'
import type { Dispatcher } from './webhooks/dispatcher.ts'
import type { IdGenerator } from './ids.ts'
import type { Logger } from './logger.ts'
import type { FidelityOptions } from './options.ts'
import type { ResponseCache } from './http/response-cache.ts'
import type { Store } from './store/types.ts'

export type Principal = { companyId: string; scopes: string[]; via: 'api-key' | 'bearer' }

/** The seam for bearer tokens: return the principal a token stands for, or undefined. */
export type BearerAuthenticator = (token: string, now: number) => Principal | undefined

export type AppDeps = {
  store: Store
  clock: Clock
  ids: IdGenerator
  log: Logger
  options: FidelityOptions
  version: string
  bearer?: BearerAuthenticator
  /** Called with one line per answered request (the CLI prints them unless --quiet). */
  requestLog?: (line: string) => void
  /** Domain events for the live stream. */
  bus?: EventBus
  /** Sends due webhooks; told when new ones are queued or the clock moves. */
  dispatcher?: Dispatcher
  /** Seeded faults for HTTP requests and webhook attempts (createApp makes one when absent). */
  faults?: ConfigurableFaultEngine
  /** Serialised list responses by state version (createApp makes one when absent). */
  listCache?: ResponseCache
}

export type JournalNote = {
  companyId?: string
  jobId?: string
  event?: string
  /** The label of the fault that fired on this request. */
  fault?: string
  /** The how-to alias this request used (accepted with --lenient, refused without). */
  alias?: string
}

export type AppEnv = {
  Variables: {
    principal: Principal
    note: JournalNote
    /** Set by an oversized-file fault on a receipt download. */
    oversizedBytes: number | undefined
  }
}
