// Helpers for the tests that run the real `fake-pleo` binary as a child process: spawn it from
// the repository root with this Node, collect its output, wait (bounded) for the start-up banner
// and parse it, stop it with a signal (escalating to SIGKILL if it does not exit in time), and
// keep track of every child so an afterAll can kill whatever a failed test left running. Also a
// temp-directory helper for SQLite files and a Basic-auth helper.
import { setTimeout as sleep } from 'node:timers/promises'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const binPath = 'packages/cli/bin/fake-pleo.js'

/** Start-up includes the TypeScript loader when the bundle is stale: give it time. */
const bannerTimeoutMs = 20_000

export type Exit = { code: number | null; signal: NodeJS.Signals | null }

export type Banner = {
  url: string
  port: number
  companyId: string
  apiKey: string
  /** The `try  curl …` line, as printed. */
  curl: string
  docs: string
}

const running = new Set<CliProcess>()

// Last resort if the test worker exits without afterAll having run: leave no server behind.
process.once('exit', () => {
  for (const cli of running) cli.child.kill('SIGKILL')
})

export class CliProcess {
  stdout = ''
  stderr = ''
  readonly exited: Promise<Exit>
  private exit: Exit | undefined

  constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk))
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk))
    this.exited = new Promise<Exit>((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal }
        running.delete(this)
        resolve(this.exit)
      })
    })
    running.add(this)
  }

  get hasExited(): boolean {
    return this.exit !== undefined
  }

  /** Resolves once stdout matches, rejects if the process exits first or time runs out. */
  async waitForOutput(pattern: RegExp, timeoutMs = bannerTimeoutMs): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const match = pattern.exec(this.stdout)
      if (match) return match
      if (this.hasExited) {
        throw new Error(
          `fake-pleo exited (${JSON.stringify(this.exit)}) before printing ${pattern}\nstdout: ${this.stdout}\nstderr: ${this.stderr}`,
        )
      }
      if (Date.now() > deadline) {
        throw new Error(
          `no ${pattern} from fake-pleo within ${timeoutMs} ms\nstdout: ${this.stdout}\nstderr: ${this.stderr}`,
        )
      }
      await sleep(25)
    }
  }

  /** Waits for the whole start-up banner and parses it. */
  async banner(timeoutMs = bannerTimeoutMs): Promise<Banner> {
    await this.waitForOutput(/Press Ctrl\+C to stop\./, timeoutMs)
    const field = (pattern: RegExp) => {
      const match = pattern.exec(this.stdout)
      if (!match?.[1]) throw new Error(`banner lacks ${pattern}:\n${this.stdout}`)
      return match[1]
    }
    const url = field(/fake-pleo is listening on (http:\/\/127\.0\.0\.1:\d+)\n/)
    return {
      url,
      port: Number(new URL(url).port),
      companyId: field(/^ {2}company id {2}(\S+)$/m),
      apiKey: field(/^ {2}API key {5}(\S+)$/m),
      curl: field(/^ {2}try {9}(curl .+)$/m),
      docs: field(/^ {2}docs {8}(\S+)/m),
    }
  }

  /** Sends `signal` and waits for the exit; SIGKILLs and throws if it takes longer than allowed. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<Exit> {
    if (this.exit) return this.exit
    this.child.kill(signal)
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs)
    })
    const result = await Promise.race([this.exited, timedOut])
    clearTimeout(timer)
    if (result === 'timeout') {
      this.child.kill('SIGKILL')
      await this.exited
      throw new Error(`fake-pleo did not exit within ${timeoutMs} ms of ${signal}`)
    }
    return result
  }

  /** SIGKILL, no questions asked (a crash), and wait for the exit. */
  async crash(): Promise<Exit> {
    if (!this.exit) this.child.kill('SIGKILL')
    return this.exited
  }
}

/**
 * Spawns `node packages/cli/bin/fake-pleo.js …args` from the repository root. The binary runs
 * its bundle when fresh and the sources otherwise; FAKE_PLEO_FROM_SOURCE=1 forces the sources.
 */
export function spawnCli(args: string[], extraEnv: Record<string, string> = {}): CliProcess {
  const env = { ...process.env, ...extraEnv }
  if (!('FAKE_PLEO_ADMIN_TOKEN' in extraEnv)) delete env.FAKE_PLEO_ADMIN_TOKEN
  const child = spawn(process.execPath, [binPath, ...args], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new CliProcess(child)
}

/** Runs the CLI to completion (bounded) and returns what it printed. */
export async function runCli(
  args: string[],
  extraEnv: Record<string, string> = {},
  timeoutMs = bannerTimeoutMs,
): Promise<Exit & { stdout: string; stderr: string }> {
  const cli = spawnCli(args, extraEnv)
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs)
  })
  const result = await Promise.race([cli.exited, timedOut])
  clearTimeout(timer)
  if (result === 'timeout') {
    await cli.crash()
    throw new Error(`fake-pleo ${args.join(' ')} did not exit within ${timeoutMs} ms`)
  }
  return { ...result, stdout: cli.stdout, stderr: cli.stderr }
}

/** Starts `fake-pleo serve --port 0 …args` and waits for its banner. */
export async function startServe(
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ cli: CliProcess; banner: Banner }> {
  const cli = spawnCli(['serve', '--port', '0', ...args], extraEnv)
  try {
    return { cli, banner: await cli.banner() }
  } catch (error) {
    await cli.crash()
    throw error
  }
}

/** Kills every child these helpers started that is still running (for afterAll). */
export async function killAllCli(): Promise<void> {
  await Promise.all([...running].map((cli) => cli.crash()))
}

/** A fresh temporary directory for SQLite files; `remove` deletes it. */
export function tempDir(prefix = 'fake-pleo-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export function basicAuth(apiKey: string): string {
  return `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`
}
