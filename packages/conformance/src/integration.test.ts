// Ports for integrations: scenarios running side by side never get the same one, a port is
// reserved until released, a port another listener holds is skipped, and when the range is used
// up the system picks one. Ports are marked in the temp directory for kits in other processes: a
// live owner's mark is respected, a mark left by a process that ended is taken over.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort, releasePort } from './integration.ts'

const listening: Server[] = []
const hold = (port: number) =>
  new Promise<void>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
    listening.push(server)
  })
afterEach(async () => {
  await Promise.all(listening.splice(0).map((s) => new Promise((r) => s.close(r))))
})

/** Three consecutive ports nothing listens on (found through the system). */
async function freeRange(): Promise<[number, number]> {
  for (;;) {
    const low = 20_000 + Math.floor(Math.random() * 10_000)
    const free = await Promise.all(
      [low, low + 1, low + 2].map((port) =>
        hold(port).then(
          () => true,
          () => false,
        ),
      ),
    )
    await Promise.all(listening.splice(0).map((s) => new Promise((r) => s.close(r))))
    if (free.every(Boolean)) return [low, low + 3]
  }
}

describe('freePort', () => {
  it('hands each concurrent caller its own port of the range until released', async () => {
    const range = await freeRange()
    const ports = await Promise.all([1, 2, 3].map(() => freePort(range)))
    expect(ports.toSorted()).toEqual([range[0], range[0] + 1, range[0] + 2])
    // The range is used up: the system picks a port, still one nobody else was given.
    const extra = await freePort(range)
    expect(ports).not.toContain(extra)
    releasePort(ports[1]!)
    expect(await freePort(range)).toBe(ports[1])
    for (const port of [...ports, extra]) releasePort(port)
  })

  it('skips a port another listener holds', async () => {
    const range = await freeRange()
    await hold(range[0])
    await hold(range[0] + 2)
    const port = await freePort(range)
    expect(port).toBe(range[0] + 1)
    releasePort(port)
  })

  it('skips a port another live process marked, and takes over the mark of one that ended', async () => {
    const range = await freeRange()
    const marks = join(tmpdir(), 'fake-pleo-conform-ports')
    mkdirSync(marks, { recursive: true })
    // The parent of this process is alive: its mark holds.
    writeFileSync(join(marks, String(range[0])), String(process.ppid))
    // A finished child's pid: its mark is stale.
    const ended = spawnSync('true').pid
    writeFileSync(join(marks, String(range[0] + 1)), String(ended))
    await hold(range[0] + 2)
    try {
      const port = await freePort(range)
      expect(port).toBe(range[0] + 1)
      expect(readFileSync(join(marks, String(port)), 'utf8')).toBe(String(process.pid))
      releasePort(port)
      expect(existsSync(join(marks, String(port)))).toBe(false)
    } finally {
      rmSync(join(marks, String(range[0])), { force: true })
    }
  })
})
