// The fault engine: decides, per HTTP request and per webhook attempt, which fault (if any)
// fires. A request's Prefer header (status=, delay=) wins over the rules; otherwise the rules are
// tried in order: every HTTP rule that matches and fires adds its latency, and the first one with
// a status or an oversized file answers the request (later rules are not tried); the first
// webhook rule that matches
// and fires decides the attempt. Randomness (probabilities, [min, max] ranges) comes from two
// generators seeded from the seed, one for HTTP and one for webhooks, so the same seed and the
// same sequence of requests give the same faults however webhooks interleave. Setting rules
// restarts both sequences. A bad Prefer header is a result (BAD_REQUEST), not an exception: the
// HTTP layer answers it.
import { setTimeout as wait } from 'node:timers/promises'
import {
  compileRoute,
  createRandom,
  defaultFaultSeed,
  eventTypeAliases,
  fail,
  ok,
  type FaultConfig,
  type FaultState,
  type HttpFaultRule,
  type Random,
  type RouteMatcher,
  type WebhookFaultRule,
} from '@fake-pleo/contract'
import { parsePrefer } from './prefer.ts'
import type { ConfigurableFaultEngine, HttpFault, WebhookFault } from './types.ts'

export type FaultEngineOptions = {
  /** Seed of the generator (default 'fake-pleo'); `clear()` returns to it. */
  seed?: string
  /** How latency is waited out (default: a real timer). */
  sleep?: (ms: number) => Promise<void>
}

/** Milliseconds a webhook 'delay' fault holds an attempt when its rule gives no delayMs. */
export const defaultWebhookDelayMs = 1000

type Armed<R> = { index: number; rule: R; remaining: number }

type Armory = {
  state: FaultState
  http: (Armed<HttpFaultRule> & { matches: RouteMatcher })[]
  webhook: Armed<WebhookFaultRule>[]
  httpRandom: Random
  webhookRandom: Random
}

export function createFaultEngine(options: FaultEngineOptions = {}): ConfigurableFaultEngine {
  const initialSeed = options.seed ?? defaultFaultSeed
  const sleep = options.sleep ?? wait
  let armory = arm({ seed: initialSeed, rules: [] })

  const setRules = (config: FaultConfig): FaultState => {
    armory = arm({ seed: config.seed ?? armory.state.seed, rules: config.rules })
    return armory.state
  }

  return {
    http(request) {
      const preferred = parsePrefer(request.prefer)
      if (!preferred.ok) return fail('BAD_REQUEST', preferred.message)
      const { status, delayMs } = preferred.value
      if (status !== undefined || delayMs !== undefined) {
        return ok(httpFault({ latencyMs: delayMs, status }, '(Prefer header)'))
      }
      return ok(decideHttp(armory, request.method, request.path))
    },
    webhook(attempt) {
      return decideWebhook(armory, attempt.eventType)
    },
    setRules,
    getRules: () => armory.state,
    clear: () => setRules({ seed: initialSeed, rules: [] }),
    sleep,
  }
}

function arm(state: FaultState): Armory {
  const armed = state.rules.map((rule, index) => ({
    index,
    rule,
    remaining: rule.count ?? Number.POSITIVE_INFINITY,
  }))
  return {
    state: structuredClone(state),
    http: armed.flatMap((a) =>
      a.rule.target === 'http' ? [{ ...a, rule: a.rule, matches: compileRoute(a.rule.route) }] : [],
    ),
    webhook: armed.flatMap((a) => (a.rule.target === 'webhook' ? [{ ...a, rule: a.rule }] : [])),
    httpRandom: createRandom(`${state.seed}:http`),
    webhookRandom: createRandom(`${state.seed}:webhook`),
  }
}

/** Whether a matching rule fires; draws from the generator only when the outcome is uncertain. */
function fires(probability: number | undefined, random: Random): boolean {
  const p = probability ?? 1
  if (p >= 1) return true
  if (p <= 0) return false
  return random.next() < p
}

function draw(duration: number | [number, number], random: Random): number {
  return typeof duration === 'number' ? duration : random.int(duration[0], duration[1])
}

function decideHttp(armory: Armory, method: string, path: string): HttpFault | undefined {
  let latencyMs: number | undefined
  const labels: string[] = []
  for (const armed of armory.http) {
    if (armed.remaining <= 0 || !armed.matches(method, path)) continue
    if (!fires(armed.rule.probability, armory.httpRandom)) continue
    armed.remaining--
    const { rule } = armed
    const latency =
      rule.latencyMs === undefined ? undefined : draw(rule.latencyMs, armory.httpRandom)
    const fault = httpFault({ ...rule, latencyMs: latency }, `(rule ${armed.index})`)
    labels.push(fault.label)
    if (latency !== undefined) latencyMs = (latencyMs ?? 0) + latency
    const label = labels.join('; ')
    if (fault.status !== undefined || fault.oversizedBytes !== undefined) {
      return latencyMs === undefined ? { ...fault, label } : { ...fault, latencyMs, label }
    }
  }
  return labels.length === 0 ? undefined : { latencyMs, label: labels.join('; ') }
}

const canonical = (eventType: string): string =>
  Object.hasOwn(eventTypeAliases, eventType)
    ? (eventTypeAliases[eventType] ?? eventType)
    : eventType

type FaultParts = {
  latencyMs?: number | undefined
  status?: number | undefined
  retryAfter?: number | undefined
  oversizedBytes?: number | undefined
}

function httpFault(parts: FaultParts, source: string): HttpFault {
  const { latencyMs, status, retryAfter, oversizedBytes } = parts
  const after = retryAfter ?? (status === 429 || status === 503 ? 1 : undefined)
  const label = [
    ...(latencyMs === undefined ? [] : [`latency=${latencyMs}ms`]),
    ...(status === undefined ? [] : [`status=${status}`]),
    ...(oversizedBytes === undefined ? [] : [`oversized=${oversizedBytes}B`]),
  ]
  return {
    ...(latencyMs === undefined ? {} : { latencyMs }),
    ...(status === undefined ? {} : { status }),
    ...(status === undefined || after === undefined ? {} : { retryAfter: after }),
    ...(oversizedBytes === undefined ? {} : { oversizedBytes }),
    label: `${label.join(', ')} ${source}`,
  }
}

function decideWebhook(armory: Armory, eventType: string): WebhookFault | undefined {
  for (const armed of armory.webhook) {
    const { rule } = armed
    if (armed.remaining <= 0) continue
    if (rule.eventType !== undefined && canonical(rule.eventType) !== canonical(eventType)) continue
    if (!fires(rule.probability, armory.webhookRandom)) continue
    armed.remaining--
    if (rule.kind === 'delay') {
      const delayMs = draw(rule.delayMs ?? defaultWebhookDelayMs, armory.webhookRandom)
      return { kind: 'delay', delayMs, label: `delay=${delayMs}ms (rule ${armed.index})` }
    }
    return { kind: rule.kind, label: `${rule.kind} (rule ${armed.index})` }
  }
  return undefined
}
