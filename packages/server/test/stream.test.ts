// GET /_sim/stream over real HTTP: domain events arrive as SSE messages (`event`, increasing
// `id`, JSON `data` {type, at, data}) while another client presses Export and claims a job twice;
// `?types=` narrows the stream; an unknown type is a 400 naming it; closing the connection
// unsubscribes from the bus; a heartbeat comment goes out on its timer; stop() does not hang on
// an open stream; a client that stops reading is dropped past its backlog (overflow guard).
import { setTimeout as sleep } from 'node:timers/promises'
import { OpenAPIHono } from '@hono/zod-openapi'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AppEnv } from '../src/app-env.ts'
import { createEventBus } from '../src/events.ts'
import { startFakePleo, type RunningFakePleo } from '../src/index.ts'
import { registerStreamRoutes } from '../src/routes/control-stream.ts'
import { basicAuth } from './helpers.ts'
import { expectError } from './support.ts'

type Message = { event?: string; id?: string; data?: string; comment?: string }
type Payload = { type: string; at: string; data: Record<string, unknown> }

/** Reads SSE messages from a streaming body until `done` says so, or fails after `timeoutMs`. */
async function readUntil(
  body: ReadableStream<Uint8Array>,
  done: (messages: Message[]) => boolean,
  timeoutMs = 5000,
): Promise<Message[]> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  const messages: Message[] = []
  let buffer = ''
  const timer = setTimeout(() => void reader.cancel(new Error('timed out')), timeoutMs)
  try {
    while (!done(messages)) {
      const { value, done: ended } = await reader.read()
      if (ended) throw new Error(`stream ended or timed out; got ${JSON.stringify(messages)}`)
      buffer += decoder.decode(value, { stream: true })
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        messages.push(parseMessage(buffer.slice(0, end)))
        buffer = buffer.slice(end + 2)
      }
    }
    return messages
  } finally {
    clearTimeout(timer)
    reader.releaseLock()
  }
}

function parseMessage(block: string): Message {
  const message: Message = {}
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) message.comment = line.slice(1).trim()
    const colon = line.indexOf(': ')
    if (colon <= 0) continue
    const field = line.slice(0, colon)
    const value = line.slice(colon + 2)
    if (field === 'event' || field === 'id') message[field] = value
    if (field === 'data')
      message.data = message.data === undefined ? value : `${message.data}\n${value}`
  }
  return message
}

const events = (messages: Message[]) =>
  messages.filter((m) => m.event !== undefined).map((m) => JSON.parse(m.data ?? '') as Payload)

const eventually = (check: () => boolean, timeoutMs = 2000): Promise<void> =>
  vi.waitFor(
    () => {
      if (!check()) throw new Error('condition not met in time')
    },
    { timeout: timeoutMs, interval: 10 },
  )

let sim: (RunningFakePleo & { companyId: string; apiKey: string }) | undefined
afterEach(async () => {
  await sim?.stop()
  sim = undefined
})

/** Presses Export through the control API (the server's tests speak HTTP, not the client). */
async function pressExport(running: RunningFakePleo & { companyId: string }) {
  const response = await running.fetch('/_sim/export-jobs', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ companyId: running.companyId }),
  })
  expect(response.status).toBe(201)
  return ((await response.json()) as { data: { id: string } }).data
}

async function claim(running: RunningFakePleo & { apiKey: string }, jobId: string) {
  const response = await running.fetch('/v3/export-job-events', {
    method: 'POST',
    headers: { authorization: basicAuth(running.apiKey), 'content-type': 'application/json' },
    body: JSON.stringify({ jobId, event: 'started' }),
  })
  await response.body?.cancel()
  return response.status
}

describe('GET /_sim/stream', () => {
  it('sends job.created, job.claimed and job.conflict as SSE messages, then unsubscribes', async () => {
    sim = await startFakePleo()
    const bus = sim.deps.bus
    if (!bus) throw new Error('the fake has no bus')
    const before = bus.listenerCount()
    const controller = new AbortController()
    const response = await sim.fetch('/_sim/stream', { signal: controller.signal })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(bus.listenerCount()).toBe(before + 1)

    const job = await pressExport(sim)
    expect(await claim(sim, job.id)).toBe(202)
    expect(await claim(sim, job.id)).toBe(422)

    const body = response.body
    if (!body) throw new Error('no body')
    const forJob = (messages: Message[]) => events(messages).filter((e) => e.data.jobId === job.id)
    const messages = await readUntil(body, (m) =>
      ['job.created', 'job.claimed', 'job.conflict'].every((type) =>
        forJob(m).some((e) => e.type === type),
      ),
    )
    const mine = forJob(messages)
    expect(mine.map((e) => e.type)).toEqual(['job.created', 'job.claimed', 'job.conflict'])
    // The requests were journaled, but journal.appended goes only to streams that ask for it.
    expect(messages.filter((m) => m.event === 'journal.appended')).toEqual([])
    expect(mine[1]?.data).toMatchObject({ jobId: job.id, companyId: sim.companyId })
    for (const e of mine) expect(new Date(e.at).toISOString()).toBe(e.at)
    const ids = messages.filter((m) => m.event !== undefined).map((m) => Number(m.id))
    expect(ids).toEqual(ids.map((_, i) => i + 1))
    for (const m of messages.filter((m) => m.event !== undefined)) {
      expect(m.event).toBe((JSON.parse(m.data ?? '') as Payload).type)
    }

    controller.abort()
    await eventually(() => bus.listenerCount() === before)
  })

  it('sends only the types asked for', async () => {
    sim = await startFakePleo()
    const response = await sim.fetch('/_sim/stream?types=job.conflict')
    expect(response.status).toBe(200)
    const job = await pressExport(sim)
    expect(await claim(sim, job.id)).toBe(202)
    expect(await claim(sim, job.id)).toBe(422)
    const body = response.body
    if (!body) throw new Error('no body')
    const messages = await readUntil(body, (m) => events(m).length > 0)
    expect(events(messages)).toEqual([
      { type: 'job.conflict', at: expect.any(String), data: { jobId: job.id, event: 'started' } },
    ])
    expect(messages.find((m) => m.event)?.id).toBe('1')
    await body.cancel()
  })

  it('sends journal.appended, one per journaled request, when types names it', async () => {
    sim = await startFakePleo()
    const response = await sim.fetch('/_sim/stream?types=journal.appended')
    expect(response.status).toBe(200)
    const list = await sim.fetch(`/v3/export-jobs?company_id=${sim.companyId}`, {
      headers: { authorization: basicAuth(sim.apiKey) },
    })
    expect(list.status).toBe(200)
    const missing = await sim.fetch('/v3/export-jobs/00000000-0000-4000-8000-000000000000', {
      headers: { authorization: basicAuth(sim.apiKey) },
    })
    expect(missing.status).toBe(404)
    const body = response.body
    if (!body) throw new Error('no body')
    // The stream's own request is journaled too (when its answer starts): Pleo's are the two.
    const pleo = (m: Message[]) => events(m).filter((e) => String(e.data.path).startsWith('/v3/'))
    const messages = await readUntil(body, (m) => pleo(m).length >= 2)
    expect(pleo(messages).map((e) => [e.type, e.data.method, e.data.path, e.data.status])).toEqual([
      ['journal.appended', 'GET', '/v3/export-jobs', 200],
      ['journal.appended', 'GET', '/v3/export-jobs/00000000-0000-4000-8000-000000000000', 404],
    ])
    // The same two requests, as the journal recorded them.
    const read = await sim.fetch('/_sim/journal?after=0&limit=1000')
    const { data } = (await read.json()) as {
      data: { method: string; path: string; status: number }[]
    }
    const journal = data.slice(-2)
    expect(journal.map((e) => [e.method, e.path, e.status])).toEqual(
      pleo(messages).map((e) => [e.data.method, e.data.path, e.data.status]),
    )
    await body.cancel()
  })

  it('refuses an unknown type with a 400 that names it', async () => {
    sim = await startFakePleo()
    const before = sim.deps.bus?.listenerCount()
    const response = await sim.fetch('/_sim/stream?types=job.claimed,job.exploded')
    const message = await expectError(response, 400, 'BAD_REQUEST')
    expect(message).toContain("'job.exploded'")
    expect(message).toContain('types')
    expect(sim.deps.bus?.listenerCount()).toBe(before)
  })

  it('does not keep stop() waiting on an open stream, and journals the request', async () => {
    const running = await startFakePleo()
    const bus = running.deps.bus
    const response = await running.fetch('/_sim/stream')
    expect(response.status).toBe(200)
    const journal = running.deps.store.listJournal(0, 1000)
    expect(journal.some((e) => e.path === '/_sim/stream' && e.status === 200)).toBe(true)
    const started = Date.now()
    await running.stop()
    expect(Date.now() - started).toBeLessThan(2000)
    await eventually(() => bus?.listenerCount() === 0)
    await response.body?.cancel().catch(() => undefined)
  })

  it('sends a heartbeat comment on its timer', async () => {
    const bus = createEventBus()
    const app = new OpenAPIHono<AppEnv>()
    registerStreamRoutes(app, { bus } as never, { heartbeatMs: 20 })
    const response = await app.request('/_sim/stream')
    const body = response.body
    if (!body) throw new Error('no body')
    const messages = await readUntil(body, (m) => m.some((x) => x.comment === 'heartbeat'))
    expect(messages[0]?.comment).toBe('fake-pleo event stream')
    expect(bus.listenerCount()).toBe(1)
    await body.cancel()
    await eventually(() => bus.listenerCount() === 0)
  })
})

describe('stalled-client guard: the stream backlog is capped', () => {
  const emitMany = (bus: ReturnType<typeof createEventBus>, n: number) => {
    for (let i = 0; i < n; i++) bus.emit('job.updated', 0, { jobId: `job-${i}` })
  }

  it('drops a client that stops reading once maxBacklog messages wait, then sends overflow and ends', async () => {
    const bus = createEventBus()
    const app = new OpenAPIHono<AppEnv>()
    registerStreamRoutes(app, { bus } as never, { maxBacklog: 50, overflowGraceMs: 60_000 })
    const response = await app.request('/_sim/stream')
    const body = response.body
    if (!body) throw new Error('no body')
    expect(bus.listenerCount()).toBe(1)
    // Nobody reads: every event past the cap must not be queued, and the listener goes.
    emitMany(bus, 5000)
    expect(bus.listenerCount()).toBe(0)
    // The client comes back: it gets what was queued, the overflow notice, then the end.
    const messages = await readUntil(body, (m) => m.some((x) => x.event === 'overflow'))
    const sent = events(messages)
    expect(sent.length).toBeLessThanOrEqual(50)
    expect(sent.at(-1)).toEqual({ type: 'overflow', dropped: true, backlog: 50 })
    expect(sent.slice(0, -1).map((e) => e.data.jobId)).toEqual(
      sent.slice(0, -1).map((_, i) => `job-${i}`),
    )
    const reader = body.getReader()
    expect((await reader.read()).done).toBe(true)
  })

  it('aborts a dropped client that still does not read after the grace period', async () => {
    const bus = createEventBus()
    const app = new OpenAPIHono<AppEnv>()
    registerStreamRoutes(app, { bus } as never, { maxBacklog: 20, overflowGraceMs: 10 })
    const response = await app.request('/_sim/stream')
    const body = response.body
    if (!body) throw new Error('no body')
    emitMany(bus, 1000)
    expect(bus.listenerCount()).toBe(0)
    await sleep(50)
    // Aborted: the queued messages were discarded, nothing more comes.
    const reader = body.getReader()
    const chunks: string[] = []
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      chunks.push(new TextDecoder().decode(value))
    }
    expect(chunks.join('')).not.toContain('job-19')
  })
})

describe('stalled-client guard: heartbeats alone', () => {
  it('drops a client that reads nothing once its heartbeats fill the backlog', async () => {
    const bus = createEventBus()
    const app = new OpenAPIHono<AppEnv>()
    registerStreamRoutes(app, { bus } as never, {
      heartbeatMs: 1,
      maxBacklog: 5,
      overflowGraceMs: 60_000,
    })
    const response = await app.request('/_sim/stream')
    expect(bus.listenerCount()).toBe(1)
    await eventually(() => bus.listenerCount() === 0)
    const body = response.body
    if (!body) throw new Error('no body')
    const messages = await readUntil(body, (m) => m.some((x) => x.event === 'overflow'))
    expect(messages.filter((m) => m.comment === 'heartbeat').length).toBeLessThanOrEqual(5)
  })
})
