// The control API's view of time and history: the virtual clock (get, advance, set), the
// request journal, and reset to the state the server started with.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import {
  clockViewSchema,
  dateTime,
  dateTimeMs,
  formatTimestamp,
  journalRecordSchema,
  type FaultState,
} from '@fake-pleo/contract'
import { ApiError } from '../api-error.ts'
import type { AppDeps, AppEnv } from '../app-env.ts'
import type { ClockState } from '../clock.ts'
import { errors, json, logPageQuery } from '../http/schemas.ts'
import { expireDue } from '../services/announce.ts'
import { saveClock } from '../services/clock-state.ts'
import { fakeOnlyTags } from '../openapi-document.ts'

const tags = [fakeOnlyTags.control]

const clockView = z.object({ data: clockViewSchema })

/** The clock holds epoch milliseconds: a finer fraction would be lost, so it is refused. */
const clockTime = dateTime.refine((text) => !/\.\d{3}\d*[1-9]/.test(text), {
  error: 'the clock counts whole milliseconds; a fraction finer than 0.001 s cannot be held',
})

/** What a reset returns to besides the stored state (which the store keeps, see saveBaseline). */
export type Baseline = { clock: ClockState; faults: FaultState }

export function registerStateRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: AppDeps,
  baseline: Baseline,
): void {
  const view = () => {
    const now = deps.clock.now()
    const { webhookTimestamps } = deps.options
    return {
      data: { now: formatTimestamp(now), nowMs: now, mode: deps.clock.mode, webhookTimestamps },
    }
  }
  const persistClock = () => saveClock(deps.store, deps.clock)
  const afterMove = () => {
    persistClock()
    expireDue(deps)
    void deps.dispatcher?.notify()
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/_sim/clock',
      tags,
      summary: 'Read the virtual clock',
      responses: { 200: json(clockView, 'Now') },
    }),
    (c) => c.json(view(), 200),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/_sim/clock/advance',
      tags,
      summary: 'Advance the virtual clock',
      description: 'Jobs whose expiry window closes in the skipped time expire at once.',
      request: {
        body: {
          ...json(
            z
              .object({
                seconds: z
                  .number()
                  .positive()
                  .max(10 * 365 * 86_400),
              })
              .strict(),
            'How far',
          ),
          required: true,
        },
      },
      responses: { 200: json(clockView, 'The new time'), ...errors(400) },
    }),
    (c) => {
      deps.clock.advance(Math.round(c.req.valid('json').seconds * 1000))
      afterMove()
      return c.json(view(), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/_sim/clock/set',
      tags,
      summary: 'Set the virtual clock',
      description:
        'Moves the clock to `now` (any RFC 3339 date-time; the clock counts whole milliseconds, so a finer fraction is a 400). The clock never moves backwards: an earlier time is a 400.',
      request: {
        body: {
          ...json(z.object({ now: clockTime }).strict(), 'When'),
          required: true,
        },
      },
      responses: { 200: json(clockView, 'The new time'), ...errors(400) },
    }),
    (c) => {
      const target = dateTimeMs(c.req.valid('json').now)
      if (!deps.clock.set(target)) {
        throw new ApiError(
          'BAD_REQUEST',
          `body field 'now': ${formatTimestamp(target)} is before the clock's current time ${formatTimestamp(deps.clock.now())}; the clock only moves forward`,
        )
      }
      afterMove()
      return c.json(view(), 200)
    },
  )

  const journalQuery = logPageQuery('a journal entry')
  app.openapi(
    createRoute({
      method: 'get',
      path: '/_sim/journal',
      tags,
      summary: 'Every request the fake answered',
      description:
        'Oldest first; page with `after` (the last id you saw) and `limit` (default 100, max 1000). Reads of the journal are not journaled.',
      request: { query: journalQuery },
      responses: {
        200: json(z.object({ data: z.array(journalRecordSchema) }), 'Journal entries'),
        ...errors(400),
      },
    }),
    (c) => {
      const q = c.req.valid('query')
      const entries = deps.store.listJournal(q.after ?? 0, q.limit ?? 100)
      return c.json({ data: entries.map((e) => ({ ...e, at: new Date(e.at).toISOString() })) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/_sim/reset',
      tags,
      summary: 'Reset to the state the server started with',
      description:
        'Data, clock and fault rules go back to what they were at start (rules loaded with serve --faults stay; rules set later through PUT /_sim/faults go). The request journal is kept: it is history, not state, and its ids keep increasing.',
      responses: { 200: json(z.object({ ok: z.literal(true) }), 'Reset') },
    }),
    (c) => {
      deps.store.restoreBaseline()
      deps.clock.restore(baseline.clock)
      deps.faults?.setRules(baseline.faults)
      persistClock()
      return c.json({ ok: true as const }, 200)
    },
  )
}
