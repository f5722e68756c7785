// The integration under test as a child process: started with `sh -c COMMAND` and its
// configuration in PLEO_* environment variables, in its own process group so a stop reaches
// everything it started. Keeps its last output lines for the report; stops with SIGTERM (then
// SIGKILL after a grace period), or dies at once with `kill9` (a crash, for recovery scenarios).
import { setTimeout as sleep } from 'node:timers/promises'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

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
  /** Told every line it prints (stdout and stderr), e.g. to keep them across restarts. */
  onLine?: (line: string) => void,
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
      onLine?.(line)
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
    await sleep(50)
  }
  return false
}

/** Ports this process has handed out with `freePort` and not released. */
const reserved = new Set<number>()

/**
 * Where ports handed out are marked, one file per port holding the owner's pid, so that kits
 * running side by side in other processes or threads (a test runner's workers, several
 * `fake-pleo conform` runs in one CI job) never hand out the same port in the moment between the
 * check and the integration's own listen.
 */
const marks = join(tmpdir(), 'fake-pleo-conform-ports')
const markOf = (port: number) => join(marks, String(port))

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Marks `port` as handed out by this process; false when a live process holds its mark. */
function mark(port: number): boolean {
  try {
    mkdirSync(marks, { recursive: true })
  } catch {
    return true // no shared place to mark in: this process's own reservations still hold
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(markOf(port), String(process.pid), { flag: 'wx' })
      return true
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return true
    }
    // A mark left by a process that has ended is taken over.
    const owner = Number(readFileSync(markOf(port), 'utf8'))
    if (Number.isInteger(owner) && owner > 0 && alive(owner)) return false
    try {
      unlinkSync(markOf(port))
    } catch {
      // another process took it over first: the next write decides
    }
  }
  return false
}

function unmark(port: number) {
  try {
    unlinkSync(markOf(port))
  } catch {
    // already gone
  }
}

/**
 * Where to look for free ports: below the system's ephemeral range, so a port the kit hands out
 * is never given by the system to another listener on port 0 or to an outgoing connection in the
 * moment between the check and the integration's own listen (scenarios run side by side).
 */
function portRange(): [number, number] {
  let low = 32768
  let high = 60999
  try {
    const text = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
    const [a, b] = text.trim().split(/\s+/).map(Number)
    if (Number.isInteger(a) && Number.isInteger(b)) [low, high] = [a!, b!]
  } catch {
    // Not Linux: the usual defaults (IANA's range starts at 49152, Linux's at 32768).
  }
  if (low - 10_000 >= 1024) return [low - 10_000, low]
  if (high + 2000 <= 65_535) return [high + 1, 65_536]
  return [1024, 65_536]
}

const listenable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })

/**
 * A free TCP port on 127.0.0.1 for an integration to listen on, reserved until `releasePort`
 * (in this process and, through a mark in the temp directory, for kits in other processes): no
 * two scenarios running side by side get the same one. Picked at random below
 * the ephemeral range (or in `range`, low inclusive, high exclusive) and checked by listening on it
 * (another process may hold it); falls back to a port the system picks.
 */
export async function freePort(range: [number, number] = portRange()): Promise<number> {
  const [low, high] = range
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low))
    if (reserved.has(port)) continue
    reserved.add(port)
    if (mark(port)) {
      if (await listenable(port)) return port
      unmark(port)
    }
    reserved.delete(port)
  }
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer()
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number }
        server.close(() => resolve(port))
      })
    })
    if (!reserved.has(port) && mark(port)) {
      reserved.add(port)
      return port
    }
  }
}

/** Gives a port from `freePort` back (the scenario that used it has ended). */
export function releasePort(port: number) {
  if (reserved.delete(port)) unmark(port)
}
