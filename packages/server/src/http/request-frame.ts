// The fake's request middleware in one piece. Every request passes the same steps in the same
// order as before: the journal's note is started, then the steps of each lane whose path prefix
// covers the request (control guards, fault injection, expiry, body guards, authentication), the
// route, the journal entry, the media type and the connection check. Hono would run each step as
// its own middleware (an async function, a promise and a dispatch per step, eleven of them on a
// GET of a job); here a step is a plain function that refuses by throwing and returns a promise
// only when it has to wait, so a request that nothing refuses costs one middleware. A refusal is
// turned into the error answer here, as Hono's compose would have done one level further in.
import type { Context, MiddlewareHandler } from 'hono'
import type { AppDeps, AppEnv } from '../app-env.ts'
import { closeIfBodyUnread } from './close-unread-body.ts'
import { beginNote, recordRequest } from './journal.ts'
import { fixMediaType } from './media-type.ts'

/** One step before the route: throws to refuse, returns a promise only when it must wait. */
export type Step = (c: Context<AppEnv>) => void | Promise<void>

/** A step that never waits. */
export type SyncStep = (c: Context<AppEnv>) => void

/** Steps for the requests under a path prefix (`/v3` covers `/v3` and `/v3/…`; `*` covers all). */
export type Lane = { under: string; steps: readonly Step[] }

/** The same step as an ordinary Hono middleware (for apps built from single guards). */
export function asMiddleware(step: Step): MiddlewareHandler {
  return async (c, next) => {
    await step(c as Context<AppEnv>)
    await next()
  }
}

const covers = (under: string, path: string) =>
  under === '*' || path === under || (path.startsWith(under) && path[under.length] === '/')

export function requestFrame(
  deps: AppDeps,
  lanes: readonly Lane[],
  onError: (error: Error, c: Context<AppEnv>) => Response | Promise<Response>,
): MiddlewareHandler<AppEnv> {
  const runSteps = async (
    c: Context<AppEnv>,
    from: number,
    index: number,
    waiting: Promise<void>,
  ) => {
    await waiting
    const path = c.req.path
    for (let l = from; l < lanes.length; l++) {
      const lane = lanes[l]!
      if (!covers(lane.under, path)) continue
      for (let s = l === from ? index : 0; s < lane.steps.length; s++) {
        const more = lane.steps[s]!(c)
        if (more) await more
      }
    }
  }
  /** Runs the steps synchronously until one returns a promise; then the rest wait for it. */
  const steps = (c: Context<AppEnv>): Promise<void> | undefined => {
    const path = c.req.path
    for (let l = 0; l < lanes.length; l++) {
      const lane = lanes[l]!
      if (!covers(lane.under, path)) continue
      for (let s = 0; s < lane.steps.length; s++) {
        const more = lane.steps[s]!(c)
        if (more) return runSteps(c, l, s + 1, more)
      }
    }
    return undefined
  }
  return async (c, next) => {
    const started = beginNote(c)
    try {
      let refused = false
      try {
        const waiting = steps(c)
        if (waiting) await waiting
      } catch (error) {
        if (!(error instanceof Error)) throw error
        c.error = error
        c.res = await onError(error, c)
        refused = true
      }
      if (!refused) await next()
    } finally {
      recordRequest(deps, c, started)
    }
    fixMediaType(c)
    closeIfBodyUnread(c)
  }
}
