// Applying an export job event, the one service behind Pleo's POST /v3/export-job-events and the
// control API's POST /_sim/export-job-events: the store's atomic conditional write (or, under
// --unsafe-claims, its check-then-act), then the domain event on the bus. A refusal is a result,
// which each route answers with its error.
import type { Result } from '@fake-pleo/contract'
import type { AppDeps } from '../app-env.ts'
import { isUnsafe } from '../options.ts'
import type { EventInput, EventOutcome, EventRefusal } from '../store/types.ts'
import { announceEvent } from './announce.ts'

/** Applies an event as the given company (undefined: as Pleo itself, any company). */
export async function applyEvent(
  deps: AppDeps,
  input: EventInput,
  companyId?: string,
): Promise<Result<EventOutcome, EventRefusal>> {
  const result = isUnsafe(deps.options, 'claims')
    ? await deps.store.applyEventUnsafe(input, () => deps.clock.now(), companyId)
    : deps.store.applyEvent(input, deps.clock.now(), companyId)
  announceEvent(deps, input, result.ok ? { ok: true, job: result.value.after } : result)
  return result
}
