// runConformance: runs the plan (or the scenarios asked for) against an integration, several
// scenarios at a time (`concurrency`, by default one per CPU: a scenario mostly waits on the
// integration) and the report in plan order. For each scenario: a fresh stage (fake, company, key, OAuth client, webhook subscription, manual clock),
// the integration started with its configuration in PLEO_* variables (OAuth tokens issued afresh
// for each start), the scenario's acts and its verdict, what the kit saw of the integration (its
// profile), then everything stopped. Nothing is shared between scenarios: each has its own fake,
// port (reserved while it runs), state file and integration process. Results stream out through
// `onResult` as they come, in the order they finish.
import { setTimeout as sleep } from 'node:timers/promises'
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  freePort,
  releasePort,
  startIntegration,
  waitForPort,
  type IntegrationSpec,
  type RunningIntegration,
} from './integration.ts'
import { integrationEnvironment } from './integration-env.ts'
import { isListing, observeProfile } from './observe.ts'
import { plan } from './plan/index.ts'
import { concurrencyOf, runPool, type PoolProgress } from './pool.ts'
import { mergeProfiles, type Report, type ScenarioResult } from './report.ts'
import {
  formatRequest,
  KitError,
  type ScenarioContext,
  type ScenarioDefinition,
} from './scenario.ts'
import { startStage } from './stage.ts'

export type ConformanceOptions = {
  integration: IntegrationSpec
  /** The integration is the bundled reference claimer (for the report). */
  reference?: boolean
  /** Only these scenario ids (default: the whole plan). */
  only?: readonly string[]
  /** The integration listens here instead of on PLEO_WEBHOOK_PORT. */
  webhookUrl?: string
  /** Per scenario, seconds (default 30). */
  timeoutSeconds?: number
  expectedFailures?: readonly string[]
  /** A warning fails the run (default false). */
  strictWarnings?: boolean
  /**
   * Every stage's fake accepts the how-tos' aliases (`exportJobId`, `companyId`), marking them in
   * its journal; CLAIM-005 then warns about them instead of failing (default false: strict, as
   * Pleo's spec).
   */
  lenient?: boolean
  /**
   * Scenarios run at once (default: the number of CPUs). With `webhookUrl` always 1: every
   * scenario's integration listens on the same URL.
   */
  concurrency?: number
  /** Runs as each scenario ends, in the order they end (not plan order when concurrent). */
  onResult?: (result: ScenarioResult, progress: PoolProgress) => void
  /** Runs as each scenario starts (progress). */
  onStart?: (scenario: ScenarioDefinition, progress: PoolProgress) => void
}

const slowness = (def: ScenarioDefinition) => (def.slow ? 1 : 0)

/** The default number of scenarios run at once. */
export const defaultConcurrency = () => availableParallelism()

const askedPollSeconds = (def: ScenarioDefinition) => def.pollSeconds ?? 2

async function runScenario(
  def: ScenarioDefinition,
  options: ConformanceOptions,
): Promise<ScenarioResult> {
  const startedAt = performance.now()
  const timeoutMs = (options.timeoutSeconds ?? 30) * 1000
  const lenient = options.lenient ?? false
  const stage = await startStage({ ...def.stage, lenient })
  const dir = mkdtempSync(join(tmpdir(), 'fake-pleo-conform-'))
  let integration: RunningIntegration | undefined
  let port: number | undefined
  const base = {
    id: def.id,
    group: def.group,
    rule: def.rule,
    expectedFailure: (options.expectedFailures ?? []).includes(def.id),
  }
  try {
    port = await freePort()
    const url = options.webhookUrl ?? `http://127.0.0.1:${port}/`
    const subscription = await stage.subscribe(url)
    const webhook = { url, subscriptionId: subscription.id, secret: subscription.secret }
    if (def.webhooks === false) await stage.unsubscribe(subscription.id)
    const stateFile = join(dir, 'state')
    const target = new URL(url)
    const until = async (predicate: () => boolean, ms = timeoutMs) => {
      const deadline = performance.now() + ms
      while (!predicate()) {
        if (performance.now() > deadline) return false
        await sleep(25)
      }
      return true
    }
    const ctx: ScenarioContext = {
      stage,
      webhook,
      lenient,
      timeoutMs,
      integration: () => integration,
      async start() {
        const env = integrationEnvironment(stage, {
          port: port!,
          webhook,
          pollSeconds: askedPollSeconds(def),
          stateFile,
          tokens: await stage.issueTokens(),
        })
        stage.stimulus()
        // Most integrations look for work at start-up, some before they listen for webhooks.
        const before = stage.requests.length
        integration = startIntegration(options.integration, env)
        const listening = await waitForPort(
          target.hostname,
          Number(target.port || 80),
          Math.min(timeoutMs, 15_000),
        )
        if (listening) {
          // Its start-up look for work (not a poll) may come when it is ready, not when spawned.
          stage.stimulus()
          // Let that first look begin (bounded): it may already have, before the listen.
          await until(() => stage.requests.length > before, 2000)
          return
        }
        throw new KitError(
          `the integration never accepted connections on ${target.host} (it should listen on PLEO_WEBHOOK_PORT, or pass --webhook-url)`,
        )
      },
      async crash() {
        await integration?.kill9()
      },
      async settle(quietMs = 600) {
        const since = stage.elapsed()
        const deadline = performance.now() + timeoutMs
        for (;;) {
          const busy = stage.requests.findLast((c) => !isListing(c))
          const last = Math.max(busy?.at ?? 0, since)
          if (stage.elapsed() - last >= quietMs || performance.now() > deadline) return
          await sleep(50)
        }
      },
      until,
      lines: (filter) => stage.requests.filter(filter ?? (() => true)).map(formatRequest),
    }
    const verdict = await def.run(ctx)
    return {
      ...base,
      outcome: verdict.outcome,
      evidence: { expected: verdict.expected, observed: verdict.observed, lines: verdict.lines },
      durationMs: performance.now() - startedAt,
      ...(verdict.outcome === 'pass' ? {} : { output: integration?.output.slice(-20) ?? [] }),
      profile: observeProfile(stage, askedPollSeconds(def)),
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return {
      ...base,
      outcome: error instanceof KitError ? 'fail' : 'error',
      evidence: {
        expected: def.rule,
        observed: message,
        lines: stage.requests.map(formatRequest).slice(-20),
      },
      durationMs: performance.now() - startedAt,
      output: integration?.output.slice(-20) ?? [],
      ...(integration === undefined
        ? {}
        : { profile: observeProfile(stage, askedPollSeconds(def)) }),
    }
  } finally {
    await integration?.stop()
    await stage.stop()
    if (port !== undefined) releasePort(port)
    removeScratch(dir)
  }
}

/**
 * Removes a scenario's scratch directory. A process of the integration that outlives its stop by
 * a moment may still write its state file there, so removal is retried, and a directory that
 * stays behind in the system's temp dir is no reason to fail a scenario.
 */
function removeScratch(dir: string) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
  } catch {
    // left for the system's temp cleaning
  }
}

/** A scenario whose stage could not be set up: the kit could not run it. */
function stageFailed(
  def: ScenarioDefinition,
  options: ConformanceOptions,
  error: unknown,
): ScenarioResult {
  return {
    id: def.id,
    group: def.group,
    rule: def.rule,
    expectedFailure: (options.expectedFailures ?? []).includes(def.id),
    outcome: 'error',
    evidence: {
      expected: def.rule,
      observed: `the kit could not set the scenario up: ${error instanceof Error ? error.message : String(error)}`,
      lines: [],
    },
    durationMs: 0,
    output: [],
  }
}

/** The plan's scenarios that `only` selects; unknown ids throw (a typo must not pass silently). */
export function selectScenarios(only?: readonly string[]): readonly ScenarioDefinition[] {
  if (!only || only.length === 0) return plan
  const unknown = only.filter((id) => !plan.some((s) => s.id === id))
  if (unknown.length > 0) throw new KitError(`unknown scenario ids: ${unknown.join(', ')}`)
  return plan.filter((s) => only.includes(s.id))
}

export async function runConformance(options: ConformanceOptions): Promise<Report> {
  const started = performance.now()
  const startedAt = new Date().toISOString()
  const concurrency =
    options.webhookUrl === undefined ? concurrencyOf(options.concurrency, defaultConcurrency()) : 1
  const selected = selectScenarios(options.only)
  // Side by side, the slow scenarios start first (the longest last one sets the end); the
  // report keeps plan order.
  const order = concurrency > 1 ? [...selected].sort((a, b) => slowness(b) - slowness(a)) : selected
  const ran = await runPool(
    order,
    concurrency,
    (def) => runScenario(def, options).catch((error: unknown) => stageFailed(def, options, error)),
    {
      onStart: (def, _index, progress) => options.onStart?.(def, progress),
      onResult: (result, _def, _index, progress) => options.onResult?.(result, progress),
    },
  )
  const results = selected.map((def) => ran[order.indexOf(def)]!)
  // The server is loaded by the first stage, not by importing the kit.
  const { version } = await import('@fake-pleo/server')
  return {
    kit: { name: 'fake-pleo conform', version },
    integration: { command: options.integration.command, reference: options.reference ?? false },
    strictWarnings: options.strictWarnings ?? false,
    lenient: options.lenient ?? false,
    profile: mergeProfiles(results.flatMap((r) => (r.profile ? [r.profile] : []))),
    startedAt,
    durationMs: performance.now() - started,
    results,
  }
}
