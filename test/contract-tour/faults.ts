// The legs every operation walks the same way, generated from the operations the tour covers:
// each of them answering each injected status (a seeded rule that fires once: 429 with the
// Retry-After it names, 500, 502, 503 with the default Retry-After, 504) without handling the
// request, the journal naming the fault; and each of their paths answering 405 with an `Allow`
// header naming the methods the document has for it when asked with a method it does not serve.
// Unknown paths under /v3, /v2 and /v1 answer 404 NOT_FOUND, as do Pleo's deprecated v1 export
// routes, which the fake does not serve.
import { expect } from 'vitest'
import type { ErrorCode } from '@fake-pleo/contract'
import { declaredResponses, injectedOnlyStatuses } from './coverage.ts'
import type { Call, Step } from './runner.ts'
import { unknownId, type Tour } from './tour.ts'

const faultCodes: Record<(typeof injectedOnlyStatuses)[number], ErrorCode> = {
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
}

const split = (op: string) => {
  const [method = '', path = ''] = op.split(' ')
  return { method, path }
}

/** A request for `op` with every path parameter set (the fault answers before anything reads it). */
function anyCall(op: string): Call {
  const { method, path } = split(op)
  const params = Object.fromEntries([...path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1], unknownId]))
  return method === 'POST' || method === 'PUT' ? { params, body: {} } : { params }
}

function faultStep(op: string, status: (typeof injectedOnlyStatuses)[number]): Step {
  const { method, path } = split(op)
  return {
    op,
    status,
    error: faultCodes[status],
    why: 'an injected fault (a seeded rule that fires once)',
    call: async (t) => {
      await t.fakes.main.control.setFaults({
        seed: 'contract-tour',
        rules: [
          {
            target: 'http',
            route: `${method} ${path.replace(/\{\w+\}/g, '*')}`,
            status,
            count: 1,
            ...(status === 429 ? { retryAfter: 7 } : {}),
          },
        ],
      })
      return anyCall(op)
    },
    check: async (t, _body, response) => {
      const retryAfter = { 429: '7', 503: '1' } as Record<number, string>
      expect(response.headers.get('retry-after')).toBe(retryAfter[status] ?? null)
      const store = t.fakes.main.fake.deps.store
      const last = store.listJournal(0, 1_000_000).at(-1)
      expect(last).toMatchObject({ method, status, fault: expect.stringContaining(`${status}`) })
      await t.fakes.main.control.clearFaults()
    },
  }
}

export function faultSteps(ops: readonly string[]): Step[] {
  return ops.flatMap((op) => injectedOnlyStatuses.map((status) => faultStep(op, status)))
}

/** The tour's paths, each with a method it does not serve: 405 naming the methods it does. */
export function wrongMethodSteps(ops: readonly string[]): Step[] {
  const served = new Map<string, Set<string>>()
  for (const op of ops) {
    const { method, path } = split(op)
    served.set(path, (served.get(path) ?? new Set()).add(method))
  }
  return [...served].map(([path, methods]): Step => {
    const wrong = ['DELETE', 'PATCH'].find((m) => !methods.has(m)) ?? 'PATCH'
    const op = `${wrong} ${path}`
    return {
      op,
      status: 405,
      error: 'METHOD_NOT_ALLOWED',
      why: 'a method the path does not serve',
      call: () => anyCall(op),
      check: async (t: Tour, _body, response) => {
        const { methodsByPath } = await declaredResponses(t.fakes.main)
        const allow = (response.headers.get('allow') ?? '').split(/,\s*/)
        expect(new Set(allow)).toEqual(methodsByPath.get(path))
      },
    }
  })
}

export const unknownPathSteps: Step[] = [
  'GET /v3/export-job',
  'GET /v2/export-job',
  'GET /v1/subscription',
  'GET /v1/export-jobs',
].map((op): Step => ({ op, status: 404, error: 'NOT_FOUND', why: 'a path no route has' }))
