// Spawns a server as a child process of the bench, so it never shares an event loop with
// autocannon, and waits for its banner: the URL it bound (port 0 = any free port) and, for the
// fake, the seeded company id and API key. The child writes stdout and stderr to files in a
// bench-owned temp directory, as `fake-pleo serve > log` would: its line per request then costs
// it a write, but never waits on the load generator to drain a pipe. Stops it with SIGTERM
// (SIGKILL after a grace period); any child still alive when the bench exits is killed.
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { baselineScript, bundleRunner, cliBin, repoRoot, webhookReceiverScript } from './config.ts'

export type ChildServer = {
  pid: number
  url: string
  companyId: string | undefined
  apiKey: string | undefined
  /** performance.now() just before spawn(). */
  spawnedAt: number
  /** performance.now() when the banner had been read. */
  bannerAt: number
  stop(): Promise<void>
}

const live = new Set<ChildProcess>()
const dirs = new Set<string>()
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL')
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** `node packages/cli/bin/fake-pleo.js serve --port 0 --seed demo [extra…]`, as a user runs it. */
export function spawnFake(extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const args = [cliBin, 'serve', '--port', '0', '--seed', 'demo', ...extraArgs]
  return spawnServer(args, /Press Ctrl\+C to stop\./, env)
}

/** The CLI's bundle, started as the binary starts it when fresh (see run-bundle.js). */
export function spawnBundle(extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const args = [bundleRunner, 'serve', '--port', '0', '--seed', 'demo', ...extraArgs]
  return spawnServer(args, /Press Ctrl\+C to stop\./, env)
}

/** The bare Hono baseline (plain JavaScript, no loader). */
export function spawnBaseline(env: NodeJS.ProcessEnv = {}) {
  return spawnServer([baselineScript], /^ready$/m, env)
}

/** The webhook bench's receiver (plain JavaScript, node:http, answers 200). */
export function spawnWebhookReceiver(env: NodeJS.ProcessEnv = {}) {
  return spawnServer([webhookReceiverScript], /^ready$/m, env)
}

const startTimeoutMs = 20_000
const pollMs = 2

function spawnServer(args: string[], ready: RegExp, env: NodeJS.ProcessEnv): Promise<ChildServer> {
  const dir = mkdtempSync(join(tmpdir(), 'fake-pleo-bench-'))
  dirs.add(dir)
  const outFile = join(dir, 'stdout.log')
  const errFile = join(dir, 'stderr.log')
  const out = openSync(outFile, 'w')
  const err = openSync(errFile, 'w')
  const spawnedAt = performance.now()
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, err],
  })
  closeSync(out)
  closeSync(err)
  live.add(child)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  void exited.then(() => live.delete(child))
  const read = (file: string) => readFileSync(file, 'utf8')

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
      await exited
      clearTimeout(timer)
    }
    rmSync(dir, { recursive: true, force: true })
    dirs.delete(dir)
  }

  return new Promise<ChildServer>((resolve, reject) => {
    let exitNote: string | undefined
    child.once('exit', (code, signal) => (exitNote = `code ${code}, signal ${signal}`))
    child.once('error', (error) => (exitNote = `cannot spawn: ${error.message}`))
    const fail = (why: string) => {
      const detail = `\n--- stdout ---\n${read(outFile)}\n--- stderr ---\n${read(errFile)}`
      void stop().then(() => reject(new Error(why + detail)))
    }
    const poll = () => {
      const stdout = read(outFile)
      if (ready.test(stdout)) {
        const bannerAt = performance.now()
        const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1]
        if (!url || child.pid === undefined) return fail('no URL in the banner')
        return resolve({
          pid: child.pid,
          url,
          companyId: /company id\s+(\S+)/.exec(stdout)?.[1],
          apiKey: /API key\s+(\S+)/.exec(stdout)?.[1],
          spawnedAt,
          bannerAt,
          stop,
        })
      }
      if (exitNote) return fail(`server exited before its banner (${exitNote})`)
      if (performance.now() - spawnedAt > startTimeoutMs) {
        return fail(`server did not start within ${startTimeoutMs} ms`)
      }
      setTimeout(poll, pollMs)
    }
    poll()
  })
}
