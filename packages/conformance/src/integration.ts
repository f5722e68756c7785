// The integration under test as a child process: started with `sh -c COMMAND` and its
// configuration in PLEO_* environment variables, in its own process group so a stop reaches
// everything it started. Keeps its last output lines for the report; stops with SIGTERM (then
// SIGKILL after a grace period), or dies at once with `kill9` (a crash, for recovery scenarios).
import { spawn, type ChildProcess } from 'node:child_process'
import { connect } from 'node:net'

export type IntegrationSpec = { command: string; cwd?: string }

export type RunningIntegration = {
  readonly output: string[]
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>
  readonly alive: boolean
  stop(): Promise<void>
  kill9(): Promise<void>
}

const keepLines = 200

export function startIntegration(
  spec: IntegrationSpec,
  env: Record<string, string>,
): RunningIntegration {
  const child: ChildProcess = spawn('sh', ['-c', spec.command], {
    cwd: spec.cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const output: string[] = []
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue
      output.push(line)
      if (output.length > keepLines) output.shift()
    }
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  let alive = true
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      alive = false
      resolve(code ?? signal ?? 'unknown')
    })
    child.once('error', (error) => {
      alive = false
      output.push(`could not start: ${error.message}`)
      resolve('error')
    })
  })
  const signal = (name: NodeJS.Signals) => {
    if (!alive || child.pid === undefined) return
    try {
      process.kill(-child.pid, name)
    } catch {
      child.kill(name)
    }
  }
  return {
    output,
    exited,
    get alive() {
      return alive
    },
    async stop() {
      signal('SIGTERM')
      const grace = setTimeout(() => signal('SIGKILL'), 3000)
      await exited
      clearTimeout(grace)
    },
    async kill9() {
      signal('SIGKILL')
      await exited
    },
  }
}

/** Resolves once something accepts TCP connections on `port` (false when `timeoutMs` passes). */
export async function waitForPort(host: string, port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port }, () => {
        socket.end()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return false
}

/** A free TCP port on 127.0.0.1 (asks the system for one and releases it). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net')
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}
