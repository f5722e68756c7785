// The history of a race over an integration's instances, built from what the fake observed: each
// request the stage's front sees with an instance's API key becomes an `invoke` of that instance
// (process = its index) as it reaches the fake, and its completion as the fake answers (before
// the instance gets the answer), classified by the race engine's own rules (a listing page with
// the jobs it showed, a verify with the status it read, a claim, the items reported, a final
// event). So the same checker judges the instances as it judges the engine's workers. Requests
// with any other credential (the kit's own reads, an OAuth bearer) are not part of it. Pleo's
// /v2 routes are read as their /v3 twins.
import {
  answerOperation,
  listingPages,
  requestOperation,
  type Process,
  type Recorder,
} from '@fake-pleo/race'
import { exportRoute, type Stage } from '../stage.ts'

/** The URL as the race engine's classification reads it: /v2 export routes as /v3. */
function asV3(url: URL): URL {
  const route = exportRoute(url.pathname)
  if (route === undefined) return url
  const v3 = new URL(url)
  v3.pathname = `/v3${route}`
  return v3
}

/**
 * Records every request made with one of `keys` (index = instance) in `recorder`; answers a
 * function that stops recording.
 */
export function recordInstances(
  stage: Pick<Stage, 'tap'>,
  recorder: Recorder,
  keys: readonly string[],
): () => void {
  const pages = keys.map(() => listingPages())
  return stage.tap((exchange) => {
    const instance = exchange.apiKey === undefined ? -1 : keys.indexOf(exchange.apiKey)
    if (instance < 0) return undefined
    const url = asV3(exchange.url)
    if (exportRoute(url.pathname) === undefined) return undefined
    let page = 0
    const op = requestOperation(exchange.method, url, exchange.body, () => {
      page = pages[instance]!(url)
      return page
    })
    const process: Process = instance
    const complete = recorder.invoke(process, op.f, op.jobId, op.value)
    return (status, body) => {
      const { type, value } = answerOperation(op.f, page, status, body)
      complete(type, value)
    }
  })
}
