// Ports for integrations: scenarios running side by side never get the same one, a port is
// reserved until released, a port another listener holds is skipped, and when the range is used
// up the system picks one.
import { createServer, type Server } from 'node:net'
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
})
