// Coverage with teeth: the (operation, status) pairs the tour produced, set against the responses
// the fake's own /openapi.json declares for Pleo's operations (every operation not marked
// fake-only). A declared status the tour never produced, or a produced status the document does
// not declare, is a finding. The one exception is written down below, with its reason.
import { z } from 'zod'
import type { TourFake } from './tour.ts'

/**
 * Statuses the fake answers only when a test injects them (PUT /_sim/faults, `serve --faults`, or
 * a `Prefer: status=` header): rate limiting and server errors. They are not declared per
 * operation, as Pleo's export document does not declare them either (Pleo lists 500, 502 and 503
 * on its general error page); the control API's faults route documents them. The tour still
 * produces each of them on every operation, and the coverage check insists that it did.
 */
export const injectedOnlyStatuses = [429, 500, 502, 503, 504] as const

const methods = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const

const operationSchema = z.object({
  responses: z.record(z.string(), z.unknown()),
  'x-fake-only': z.literal(true).optional(),
})
const documentSchema = z.object({
  paths: z.record(z.string(), z.partialRecord(z.enum(methods), operationSchema)),
})

export type Declared = {
  /** `METHOD /path` of every operation of Pleo's the document has, with its declared statuses. */
  pleo: Map<string, Set<number>>
  /** Every path, with the methods it has operations for (upper case). */
  methodsByPath: Map<string, Set<string>>
}

const documents = new WeakMap<TourFake, Promise<Declared>>()

/** What the fake's /openapi.json declares (read once per fake: the document does not change). */
export function declaredResponses(f: TourFake): Promise<Declared> {
  const read = documents.get(f) ?? readDeclared(f)
  documents.set(f, read)
  return read
}

async function readDeclared(f: TourFake): Promise<Declared> {
  const response = await f.request('/openapi.json')
  const doc = documentSchema.parse(await response.json())
  const pleo = new Map<string, Set<number>>()
  const methodsByPath = new Map<string, Set<string>>()
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of methods) {
      const operation = item[method]
      if (!operation) continue
      const served = methodsByPath.get(path) ?? new Set()
      methodsByPath.set(path, served.add(method.toUpperCase()))
      if (operation['x-fake-only']) continue
      pleo.set(
        `${method.toUpperCase()} ${path}`,
        new Set(Object.keys(operation.responses).map(Number)),
      )
    }
  }
  return { pleo, methodsByPath }
}

export type Pair = { op: string; status: number }

export function compare(declared: Declared, produced: readonly Pair[]) {
  const key = (p: Pair) => `${p.op} ${p.status}`
  const producedKeys = new Set(produced.map(key))
  const declaredPairs = [...declared.pleo].flatMap(([op, statuses]) =>
    [...statuses].map((status) => ({ op, status })),
  )
  const declaredKeys = new Set(declaredPairs.map(key))
  const injected = new Set<number>(injectedOnlyStatuses)
  return {
    /** Declared by the document, never produced by the tour. */
    neverProduced: declaredPairs.filter((p) => !producedKeys.has(key(p))).map(key),
    /** Produced on one of Pleo's operations, not declared (injected faults aside). */
    undeclared: [...producedKeys].filter((k) => {
      const pair = produced.find((p) => key(p) === k)
      return (
        pair !== undefined &&
        declared.pleo.has(pair.op) &&
        !declaredKeys.has(k) &&
        !injected.has(pair.status)
      )
    }),
    /** Injected statuses some operation of Pleo's never gave. */
    faultsMissing: [...declared.pleo.keys()].flatMap((op) =>
      injectedOnlyStatuses
        .filter((status) => !producedKeys.has(key({ op, status })))
        .map((status) => key({ op, status })),
    ),
    /** Produced on something that is not an operation of the document (a wrong method, a path
     * that does not exist). */
    offDocument: [...producedKeys].filter((k) => {
      const pair = produced.find((p) => key(p) === k)
      return pair !== undefined && !declared.pleo.has(pair.op)
    }),
  }
}
