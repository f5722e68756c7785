// The instances of an integration in a race: N copies of the user's command against one stage,
// each with the environment contract `conform` gives (integration-env.ts) and values of its own:
// an API key of the stage's company (so the fake can tell the instances apart), a webhook port
// and subscription, and a state file that survives its restarts. Each instance is also a race
// `Worker` as the nemesis sees one: `kill()` is a SIGKILL (noted as a `crash` in the history),
// `start()` starts it again with its state file and fresh OAuth tokens (noted as a `restart`).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Recorder, Worker } from '@fake-pleo/race'
import {
  freePort,
  releasePort,
  startIntegration,
  waitForPort,
  type IntegrationSpec,
  type RunningIntegration,
} from '../integration.ts'
import { integrationEnvironment } from '../integration-env.ts'
import { KitError } from '../scenario.ts'
import type { Stage } from '../stage.ts'

export type Instance = {
  readonly index: number
  readonly apiKey: string
  readonly port: number
  /** Every line it printed, over all its starts (the last 200). */
  readonly output: string[]
  /** How many times it was started (1 + restarts). */
  readonly starts: number
  /** The race's view of it, for the nemesis (kill and restart). */
  readonly worker: Worker
}

export type InstancesOptions = {
  stage: Stage
  integration: IntegrationSpec
  count: number
  pollSeconds: number
  recorder: Recorder
  /** Whether the race still runs: an instance is not restarted once it is over. */
  running: () => boolean
  /** A restart that failed (the race goes on without it). */
  onError: (message: string) => void
}

export type Instances = {
  readonly all: readonly Instance[]
  /** Starts every instance; resolves once each accepts connections on its webhook port. */
  startAll(timeoutMs: number): Promise<void>
  /** Stops every instance (SIGTERM, SIGKILL after 3 s) and gives back ports and files. */
  stopAll(): Promise<void>
}

const keepLines = 200

export async function createInstances(options: InstancesOptions): Promise<Instances> {
  const { stage, recorder } = options
  const dir = mkdtempSync(join(tmpdir(), 'fake-pleo-race-'))
  const all: Instance[] = []
  const running: (RunningIntegration | undefined)[] = []
  const spawners: (() => Promise<RunningIntegration>)[] = []
  for (let index = 0; index < options.count; index++) {
    const { apiKey } = await stage.control.createApiKey(stage.companyId)
    const port = await freePort()
    const url = `http://127.0.0.1:${port}/`
    const { secret } = await stage.subscribe(url)
    const stateFile = join(dir, `state-${index}`)
    const output: string[] = []
    let starts = 0
    let retired = false
    /** The last SIGKILL, until the process is gone. */
    let dying: Promise<void> = Promise.resolve()
    const spawn = async () => {
      const env = integrationEnvironment(stage, {
        apiKey,
        port,
        webhook: { url, secret },
        pollSeconds: options.pollSeconds,
        stateFile,
        tokens: await stage.issueTokens(),
      })
      stage.stimulus()
      const started = startIntegration(options.integration, env, (line) => {
        output.push(line)
        if (output.length > keepLines) output.shift()
      })
      running[index] = started
      starts++
      return started
    }
    const alive = () => running[index]?.alive ?? false
    const worker: Worker = {
      id: index,
      trigger: 'webhook',
      get alive() {
        return alive()
      },
      handle: async () => new Response(null, { status: 503 }),
      setSecret: () => undefined,
      start() {
        if (retired || !options.running()) return
        // A SIGKILL is not instant: on a busy machine the process may not have exited yet.
        void dying.then(() => {
          if (retired || !options.running() || alive()) return
          recorder.note(index, 'restart')
          spawn().catch((error: unknown) =>
            options.onError(`instance ${index} could not restart: ${String(error)}`),
          )
        })
      },
      kill() {
        const current = running[index]
        if (!current?.alive) return
        recorder.note(index, 'crash')
        dying = current.kill9()
      },
      pauseAfterClaim: () => undefined,
      pausing: false,
      retire() {
        retired = true
        this.kill()
      },
      get retired() {
        return retired
      },
      async halt() {
        await running[index]?.stop()
      },
    }
    all.push({
      index,
      apiKey,
      port,
      output,
      get starts() {
        return starts
      },
      worker,
    })
    spawners.push(spawn)
  }
  return {
    all,
    async startAll(timeoutMs) {
      await Promise.all(spawners.map((spawn) => spawn()))
      const listening = await Promise.all(
        all.map((instance) => waitForPort('127.0.0.1', instance.port, timeoutMs)),
      )
      const deaf = all.filter((_, i) => !listening[i])
      if (deaf.length > 0) {
        const names = deaf.map((instance) => `instance ${instance.index} (${instance.port})`)
        throw new KitError(
          `${names.join(', ')} never accepted connections on PLEO_WEBHOOK_PORT: an instance must listen there`,
        )
      }
    },
    async stopAll() {
      await Promise.all(running.map((r) => r?.stop()))
      for (const instance of all) releasePort(instance.port)
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
      } catch {
        // left for the system's temp cleaning
      }
    },
  }
}
