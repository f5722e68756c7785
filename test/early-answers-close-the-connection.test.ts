// Regression: an early 401, 413 or 415 on a request whose body the fake never read used to say
// `Connection: keep-alive` while the Node adapter dropped the socket after a short drain, so a
// pooled client's next request on it failed with "socket hang up". Each early answer now says
// `Connection: close`. Over a real socket with a keep-alive node:http Agent holding one socket:
// the body is streamed in two parts with a pause after the answer has arrived (the client is
// still sending when the guard answers), then a second request goes out on the same pool and
// must succeed. Checked against the answers as sent and the fake's journal.
import { Agent, request, type IncomingHttpHeaders } from 'node:http'
import { describe, expect, it } from 'vitest'
import { startFakePleo } from './support/start-fake-pleo.ts'

type Answer = { status: number; headers: IncomingHttpHeaders; reused: boolean }

/** Sends `first`; with `rest`, waits for the answer before sending the rest (a slow client)
 * and resolves once the request is done. Write errors after the answer are the server's close. */
function send(
  agent: Agent,
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: { first: Buffer; rest?: Buffer },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answer: Answer | undefined
    const req = request(url, { method, headers, agent }, (res) => {
      res.resume()
      res.on('end', () => {
        answer = { status: res.statusCode ?? 0, headers: res.headers, reused: req.reusedSocket }
        if (!body?.rest) return resolve(answer)
        const done = () => resolve(answer as Answer)
        req.once('finish', done).once('close', done)
        req.end(body.rest)
      })
    })
    req.on('error', (error) => (answer ? resolve(answer) : reject(error)))
    if (body?.rest) req.write(body.first)
    else req.end(body?.first)
  })
}

describe('early answers on an unread body close the connection', () => {
  it('401, 413 and 415 say Connection: close, and the pool’s next request succeeds', async () => {
    await using sim = await startFakePleo({ bodyLimitBytes: 1000 })
    const auth = `Basic ${Buffer.from(`${sim.apiKey}:`).toString('base64')}`
    const url = `${sim.url}/v3/export-jobs`
    const json = 'application/json'
    const cases: { status: number; headers: Record<string, string>; size: number }[] = [
      { status: 401, headers: { 'content-type': json }, size: 800 },
      { status: 413, headers: { 'content-type': json, authorization: auth }, size: 400_000 },
      { status: 415, headers: { 'content-type': 'text/plain', authorization: auth }, size: 800 },
    ]
    const journalFrom = (await sim.control.journal(0, 1000)).at(-1)?.id ?? 0
    for (const c of cases) {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 })
      try {
        const half = Buffer.alloc(c.size / 2, 0x20)
        const headers = { ...c.headers, 'content-length': String(c.size) }
        const early = await send(agent, url, 'POST', headers, { first: half, rest: half })
        expect(early.status).toBe(c.status)
        expect(early.headers.connection, `${c.status}`).toBe('close')
        const next = await send(agent, url, 'GET', { authorization: auth })
        expect(next.status, `the request after the ${c.status}`).toBe(200)
        expect(next.headers.connection).toBe('keep-alive')
        expect(next.reused).toBe(false)
      } finally {
        agent.destroy()
      }
    }
    const journal = await sim.control.journal(journalFrom, 1000)
    expect(journal.map((e) => [e.method, e.path, e.status])).toEqual(
      cases.flatMap((c) => [
        ['POST', '/v3/export-jobs', c.status],
        ['GET', '/v3/export-jobs', 200],
      ]),
    )
  })

  it('a request whose body was read keeps the connection open', async () => {
    await using sim = await startFakePleo()
    const auth = `Basic ${Buffer.from(`${sim.apiKey}:`).toString('base64')}`
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    try {
      const body = Buffer.from(JSON.stringify({ companyId: sim.companyId, numberOfItems: 1 }))
      const headers = { 'content-type': 'application/json', 'content-length': String(body.length) }
      const created = await send(agent, `${sim.url}/_sim/export-jobs`, 'POST', headers, {
        first: body,
      })
      expect(created.status).toBe(201)
      expect(created.headers.connection).toBe('keep-alive')
      const next = await send(agent, `${sim.url}/v3/export-jobs`, 'GET', { authorization: auth })
      expect(next.status).toBe(200)
      expect(next.reused).toBe(true)
    } finally {
      agent.destroy()
    }
  })
})
