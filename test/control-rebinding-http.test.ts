// Regression over a real socket for "the control API only its owner can reach": a page on a
// rebound name (evil.example resolving to 127.0.0.1) sends POST /_sim/reset with its own Host and
// Origin; the fake answers 403 and the job pressed before survives. The same request sent to the
// fake's own address and origin resets.
import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { startFakePleo } from './support/start-fake-pleo.ts'

/** POST over a socket to 127.0.0.1:port with chosen headers (Host included). */
function post(port: number, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('control API over HTTP', () => {
  it('refuses a rebound Host and a foreign Origin, and resets for its own', async () => {
    await using sim = await startFakePleo({ clock: 'manual' })
    const job = await sim.control.pressExport({ companyId: sim.companyId })
    const has = () => sim.deps.store.getJob(job.id) !== undefined
    const json = { 'content-type': 'application/json' }
    const rebound = await post(sim.port, '/_sim/reset', {
      ...json,
      host: `evil.example:${sim.port}`,
      origin: `http://evil.example:${sim.port}`,
    })
    expect(rebound.status).toBe(403)
    expect(JSON.parse(rebound.body)).toMatchObject({ type: 'ACCESS_DENIED' })
    const crossSite = await post(sim.port, '/_sim/reset', {
      ...json,
      host: `127.0.0.1:${sim.port}`,
      origin: 'https://evil.example',
    })
    expect(crossSite.status).toBe(403)
    expect(has()).toBe(true)
    const own = await post(sim.port, '/_sim/reset', {
      ...json,
      host: `127.0.0.1:${sim.port}`,
      origin: `http://127.0.0.1:${sim.port}`,
    })
    expect(own.status).toBe(200)
    expect(has()).toBe(false)
  })
})
