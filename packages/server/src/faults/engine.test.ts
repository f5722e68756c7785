// The fault engine's decisions, without HTTP: status and latency rules with their labels and
// Retry-After, count spending a rule, matching by route glob, probability drawn from the seed (the
// same seed gives the same sequence, another seed another, setting rules restarts it, webhook
// attempts do not disturb the HTTP sequence), the Prefer header, webhook rules per kind, event
// type, count and probability, clear(). The rules' validation and the globs themselves are tested
// beside them in @fake-pleo/contract.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createFaultEngine, defaultWebhookDelayMs } from './engine.ts'
import {
  defaultFaultSeed,
  webhookFaultKinds,
  type FaultConfig,
  type FaultRule,
} from '@fake-pleo/contract'
import type { ConfigurableFaultEngine, FaultEngine, HttpFault } from './types.ts'

const list = { method: 'GET', path: '/v3/export-jobs' }
const exportCreated = { subscriptionId: 's', eventType: 'v1.export-job.created', attempt: 1 }
const vendorCreated = { subscriptionId: 's', eventType: 'v1.vendor.created', attempt: 1 }

function engineWith(rules: FaultRule[], seed?: string): ConfigurableFaultEngine {
  const engine = createFaultEngine()
  engine.setRules(seed === undefined ? { rules } : { seed, rules })
  return engine
}

/** The fault the engine decides for a request (a refused Prefer header fails the test). */
function faultFor(
  engine: FaultEngine,
  request: Parameters<FaultEngine['http']>[0],
): HttpFault | undefined {
  const decision = engine.http(request)
  if (!decision.ok) throw new Error(`refused: ${decision.message ?? decision.code}`)
  return decision.value
}

/** The label of each of `n` decisions for the same request ('-' for no fault). */
function httpLabels(engine: ConfigurableFaultEngine, n: number, request = list): string[] {
  return Array.from({ length: n }, () => faultFor(engine, request)?.label ?? '-')
}

describe('http rules', () => {
  it('decide nothing without rules', () => {
    const engine = createFaultEngine()
    expect(faultFor(engine, list)).toBeUndefined()
    expect(engine.webhook(exportCreated)).toBeUndefined()
    expect(engine.getRules()).toEqual({ seed: defaultFaultSeed, rules: [] })
  })

  it('answer with a status, Retry-After 1 by default with 429 and 503 only', () => {
    const decide = (rule: Omit<Extract<FaultRule, { target: 'http' }>, 'target'>) =>
      faultFor(engineWith([{ target: 'http', ...rule }]), list)
    expect(decide({ status: 503 })).toEqual({
      status: 503,
      retryAfter: 1,
      label: 'status=503 (rule 0)',
    })
    expect(decide({ status: 429 })?.retryAfter).toBe(1)
    for (const status of [500, 502, 504] as const) {
      const fault = decide({ status })
      expect(fault?.status).toBe(status)
      expect(fault).not.toHaveProperty('retryAfter')
    }
    expect(decide({ status: 500, retryAfter: 7 })?.retryAfter).toBe(7)
    expect(decide({ status: 503, retryAfter: 0 })?.retryAfter).toBe(0)
  })

  it('hold a request for a fixed latency, or one drawn from [min, max]', () => {
    expect(faultFor(engineWith([{ target: 'http', latencyMs: 120 }]), list)).toEqual({
      latencyMs: 120,
      label: 'latency=120ms (rule 0)',
    })
    const engine = engineWith([{ target: 'http', latencyMs: [10, 20] }])
    const drawn = Array.from({ length: 200 }, () => faultFor(engine, list)?.latencyMs ?? -1)
    expect(drawn.every((ms) => ms >= 10 && ms <= 20 && Number.isInteger(ms))).toBe(true)
    expect(new Set(drawn).size).toBeGreaterThan(5)
  })

  it('add up latencies in rule order and stop at the first status', () => {
    const engine = engineWith([
      { target: 'http', latencyMs: 100 },
      { target: 'webhook', kind: 'drop' },
      { target: 'http', latencyMs: 50, status: 502, count: 1 },
      { target: 'http', status: 504 },
    ])
    expect(faultFor(engine, list)).toEqual({
      latencyMs: 150,
      status: 502,
      label: 'latency=100ms (rule 0); latency=50ms, status=502 (rule 2)',
    })
    expect(faultFor(engine, list)).toEqual({
      latencyMs: 100,
      status: 504,
      label: 'latency=100ms (rule 0); status=504 (rule 3)',
    })
  })

  it('fire on the next `count` matching requests, then are spent', () => {
    const engine = engineWith([
      { target: 'http', route: 'GET /v3/export-jobs', status: 503, count: 2 },
    ])
    expect(faultFor(engine, { method: 'POST', path: '/v3/export-jobs' })).toBeUndefined()
    expect(httpLabels(engine, 4)).toEqual(['status=503 (rule 0)', 'status=503 (rule 0)', '-', '-'])
  })

  it('on receipt downloads: 404, or an oversized file that ends the rules like a status', () => {
    const receipt = { method: 'GET', path: '/receipts/abc/receipt-1.pdf' }
    const engine = engineWith([
      { target: 'http', route: 'GET /receipts/*', latencyMs: 10 },
      { target: 'http', route: 'GET /receipts/*', oversizedBytes: 5_000_000, count: 1 },
      { target: 'http', route: '/receipts/*', status: 404, count: 1 },
      { target: 'http', route: '/receipts/*', status: 503 },
    ])
    expect(faultFor(engine, list)).toBeUndefined()
    expect(faultFor(engine, receipt)).toEqual({
      latencyMs: 10,
      oversizedBytes: 5_000_000,
      label: 'latency=10ms (rule 0); oversized=5000000B (rule 1)',
    })
    expect(faultFor(engine, receipt)).toEqual({
      latencyMs: 10,
      status: 404,
      label: 'latency=10ms (rule 0); status=404 (rule 2)',
    })
    expect(faultFor(engine, receipt)?.status).toBe(503)
  })

  it('match requests by route glob', () => {
    const engine = engineWith([{ target: 'http', route: '/v3/export-jobs/*', status: 500 }])
    const hit = (method: string, path: string) => faultFor(engine, { method, path }) !== undefined
    expect(hit('GET', '/v3/export-jobs/abc')).toBe(true)
    expect(hit('POST', '/v3/export-jobs/abc/items')).toBe(true)
    expect(hit('GET', '/v3/export-jobs')).toBe(false)
    expect(hit('GET', '/v3/export-items')).toBe(false)
    expect(hit('GET', '/v1/subscriptions')).toBe(false)
  })
})

describe('seeded randomness', () => {
  const coinFlip: FaultRule[] = [{ target: 'http', status: 503, probability: 0.5 }]

  it('the same seed gives the same sequence; another seed another one', () => {
    const a = httpLabels(engineWith(coinFlip, 'alpha'), 64)
    expect(httpLabels(engineWith(coinFlip, 'alpha'), 64)).toEqual(a)
    expect(httpLabels(engineWith(coinFlip, 'beta'), 64)).not.toEqual(a)
    const fired = a.filter((label) => label !== '-').length
    expect(fired).toBeGreaterThan(16)
    expect(fired).toBeLessThan(48)
  })

  it('holds for any seed, rules and request sequence (property)', () => {
    const rule = fc.oneof(
      fc.record({
        target: fc.constant('http' as const),
        status: fc.constantFrom(429 as const, 500 as const, 503 as const),
        probability: fc.double({ min: 0, max: 1, noNaN: true }),
        count: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      }),
      fc.record({
        target: fc.constant('http' as const),
        route: fc.constantFrom('GET /v3/export-jobs', '/v3/export-jobs/*', '/*'),
        latencyMs: fc
          .tuple(fc.nat(50), fc.nat(50))
          .map(([a, b]): [number, number] => [Math.min(a, b), Math.max(a, b)]),
        probability: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
    )
    const request = fc.record({
      method: fc.constantFrom('GET', 'POST'),
      path: fc.constantFrom('/v3/export-jobs', '/v3/export-jobs/x', '/v1/subscriptions'),
    })
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(rule, { maxLength: 4 }),
        fc.array(request),
        (seed, rules, requests) => {
          const config: FaultConfig = {
            seed: `s${seed}`,
            rules: rules.map((r) => stripUndefined(r)),
          }
          const run = () => {
            const engine = createFaultEngine()
            engine.setRules(config)
            return requests.map((r) => faultFor(engine, r))
          }
          expect(run()).toEqual(run())
        },
      ),
    )
  })

  it('setting rules restarts the sequence (with the current seed when none is given)', () => {
    const engine = engineWith(coinFlip, 'gamma')
    const first = httpLabels(engine, 32)
    engine.setRules({ rules: coinFlip })
    expect(engine.getRules().seed).toBe('gamma')
    expect(httpLabels(engine, 32)).toEqual(first)
  })

  it('webhook attempts do not disturb the HTTP sequence', () => {
    const rules: FaultRule[] = [...coinFlip, { target: 'webhook', kind: 'drop', probability: 0.5 }]
    const quiet = engineWith(rules, 'delta')
    const busy = engineWith(rules, 'delta')
    const expected = httpLabels(quiet, 32)
    const interleaved = Array.from({ length: 32 }, () => {
      busy.webhook(exportCreated)
      busy.webhook(exportCreated)
      return faultFor(busy, list)?.label ?? '-'
    })
    expect(interleaved).toEqual(expected)
  })

  it('probability 0 never fires and 1 always does', () => {
    expect(httpLabels(engineWith([{ target: 'http', status: 500, probability: 0 }]), 20)).toEqual(
      Array(20).fill('-'),
    )
    expect(
      httpLabels(engineWith([{ target: 'http', status: 500, probability: 1 }]), 20).every(
        (label) => label === 'status=500 (rule 0)',
      ),
    ).toBe(true)
  })

  it('count counts firings, not matching requests', () => {
    const engine = engineWith([{ target: 'http', status: 503, probability: 0.3, count: 3 }], 'eps')
    const labels = httpLabels(engine, 200)
    expect(labels.filter((label) => label !== '-')).toHaveLength(3)
  })
})

describe('the Prefer header', () => {
  const prefer = (header: string, engine = createFaultEngine()) =>
    faultFor(engine, { ...list, prefer: header })

  it('asks for a status, a delay or both', () => {
    expect(prefer('status=503')).toEqual({
      status: 503,
      retryAfter: 1,
      label: 'status=503 (Prefer header)',
    })
    expect(prefer('delay=200')).toEqual({ latencyMs: 200, label: 'latency=200ms (Prefer header)' })
    expect(prefer('status=429, delay=50')).toEqual({
      latencyMs: 50,
      status: 429,
      retryAfter: 1,
      label: 'latency=50ms, status=429 (Prefer header)',
    })
    expect(prefer('Status="502"; x=1')?.status).toBe(502)
    expect(prefer('status=500')).not.toHaveProperty('retryAfter')
  })

  it('ignores other preferences (RFC 7240)', () => {
    expect(prefer('return=minimal, respond-async, wait=5')).toBeUndefined()
    expect(prefer('')).toBeUndefined()
  })

  it('wins over the rules without spending them', () => {
    const engine = engineWith([{ target: 'http', status: 500, count: 1 }])
    expect(prefer('status=503', engine)?.label).toBe('status=503 (Prefer header)')
    expect(faultFor(engine, list)?.label).toBe('status=500 (rule 0)')
  })

  it('refuses bad values with a BAD_REQUEST result that names the header', () => {
    const cases: [string, RegExp][] = [
      [
        'status=404',
        /header 'Prefer': status must be one of 429, 500, 502, 503, 504 \(got '404'\)/,
      ],
      ['status=abc', /status must be one of/],
      ['status', /status must be one of .* \(got ''\)/],
      ['delay=-5', /header 'Prefer': delay must be whole milliseconds from 0 to 60000/],
      ['delay=1.5', /delay must be whole milliseconds/],
      ['delay=60001', /delay must be whole milliseconds/],
    ]
    for (const [header, message] of cases) {
      const decision = createFaultEngine().http({ ...list, prefer: header })
      expect(decision.ok, header).toBe(false)
      if (decision.ok) continue
      expect(decision.code).toBe('BAD_REQUEST')
      expect(decision.message).toMatch(message)
    }
  })
})

describe('webhook rules', () => {
  it('decide each kind, with its label', () => {
    for (const kind of webhookFaultKinds) {
      const fault = engineWith([{ target: 'webhook', kind }]).webhook(exportCreated)
      expect(fault?.kind).toBe(kind)
      if (kind === 'delay') {
        expect(fault).toEqual({
          kind,
          delayMs: defaultWebhookDelayMs,
          label: `delay=${defaultWebhookDelayMs}ms (rule 0)`,
        })
      } else {
        expect(fault).toEqual({ kind, label: `${kind} (rule 0)` })
      }
    }
  })

  it('draw a delay from [min, max]', () => {
    const engine = engineWith([{ target: 'webhook', kind: 'delay', delayMs: [100, 200] }])
    const delays = Array.from({ length: 50 }, () => engine.webhook(exportCreated)?.delayMs ?? -1)
    expect(delays.every((ms) => ms >= 100 && ms <= 200)).toBe(true)
    expect(
      engineWith([{ target: 'webhook', kind: 'delay', delayMs: 5 }]).webhook(exportCreated),
    ).toEqual({ kind: 'delay', delayMs: 5, label: 'delay=5ms (rule 0)' })
  })

  it('match the event type (aliases included) and leave HTTP alone', () => {
    const engine = engineWith([
      { target: 'webhook', kind: 'drop', eventType: 'export-job.created' },
      { target: 'webhook', kind: 'duplicate', eventType: 'v1.vendor.created' },
    ])
    expect(engine.webhook(exportCreated)?.label).toBe('drop (rule 0)')
    expect(engine.webhook(vendorCreated)?.label).toBe('duplicate (rule 1)')
    expect(faultFor(engine, list)).toBeUndefined()
  })

  it('the first rule that fires decides; a spent rule lets the next one fire', () => {
    const engine = engineWith([
      { target: 'http', status: 503 },
      { target: 'webhook', kind: 'reorder', count: 2 },
      { target: 'webhook', kind: 'bad-signature' },
    ])
    const labels = Array.from({ length: 4 }, () => engine.webhook(exportCreated)?.label)
    expect(labels).toEqual([
      'reorder (rule 1)',
      'reorder (rule 1)',
      'bad-signature (rule 2)',
      'bad-signature (rule 2)',
    ])
  })

  it('fire with a probability drawn from the seed', () => {
    const rules: FaultRule[] = [{ target: 'webhook', kind: 'wrong-secret', probability: 0.4 }]
    const run = (seed: string) => {
      const engine = engineWith(rules, seed)
      return Array.from({ length: 64 }, () => engine.webhook(exportCreated)?.kind ?? '-')
    }
    expect(run('one')).toEqual(run('one'))
    expect(run('one')).not.toEqual(run('two'))
  })
})

describe('clear()', () => {
  it('removes every rule and returns to the seed the engine was created with', () => {
    const engine = createFaultEngine({ seed: 'start' })
    engine.setRules({ seed: 'other', rules: [{ target: 'http', status: 503 }] })
    expect(engine.getRules()).toEqual({ seed: 'other', rules: [{ target: 'http', status: 503 }] })
    expect(engine.clear()).toEqual({ seed: 'start', rules: [] })
    expect(faultFor(engine, list)).toBeUndefined()
  })

  it('getRules returns a copy the caller cannot use to change the rules', () => {
    const engine = engineWith([{ target: 'http', status: 503 }])
    const state = engine.getRules()
    state.rules.length = 0
    expect(faultFor(engine, list)?.status).toBe(503)
  })
})

describe('sleep', () => {
  it('is injectable', async () => {
    const slept: number[] = []
    const engine = createFaultEngine({ sleep: (ms) => (slept.push(ms), Promise.resolve()) })
    await engine.sleep(42)
    expect(slept).toEqual([42])
  })
})

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}
