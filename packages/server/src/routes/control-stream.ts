// GET /_sim/stream: the domain event bus as Server-Sent Events, so tools and dashboards can follow
// claims, conflicts, expiries and webhook attempts live instead of polling. Each event is one SSE
// message (`event: <type>`, `id: <n>`, `data: {type, at, data}`); `?types=` narrows the stream; a
// comment every 15 s keeps proxies from closing it; a closed connection unsubscribes at once.
// A client that stops reading cannot make the fake hold events without bound: past
// `maxBacklog` unsent messages it is unsubscribed, offered a last `event: overflow`, and closed
// (aborted if it has still not read that within `overflowGraceMs`).
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import { streamSSE, type SSEStreamingApi } from 'hono/streaming'
import { ApiError } from '../api-error.ts'
import type { AppDeps, AppEnv } from '../app-env.ts'
import {
  domainEventTypes,
  optInEventTypes,
  type DomainEvent,
  type DomainEventType,
  type EventBus,
} from '../events.ts'
import { errors } from '../http/schemas.ts'
import { fakeOnlyTags } from '../openapi-document.ts'

const tags = [fakeOnlyTags.control]

export type StreamOptions = {
  /** Real milliseconds between heartbeat comments (default 15000). */
  heartbeatMs?: number
  /** Messages waiting for a client that is not reading before it is dropped (default 1000). */
  maxBacklog?: number
  /** Real milliseconds a dropped client has to read its last messages (default 5000). */
  overflowGraceMs?: number
}

type Limits = { heartbeatMs: number; maxBacklog: number; overflowGraceMs: number }

const known = new Set<string>(domainEventTypes)

const streamQuery = z.object({
  types: z
    .string()
    .transform((value, ctx) => {
      const types = value
        .split(',')
        .map((type) => type.trim())
        .filter((type) => type !== '')
      if (types.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'must list at least one event type' })
        return z.NEVER
      }
      const unknown = types.filter((type) => !known.has(type))
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown event type ${unknown.map((t) => `'${t}'`).join(', ')}; known types: ${domainEventTypes.join(', ')}`,
        })
        return z.NEVER
      }
      return new Set(types as DomainEventType[])
    })
    .optional()
    .openapi({
      param: { name: 'types', in: 'query' },
      type: 'string',
      description: `Comma-separated event types to send (default: all but ${optInEventTypes.join(', ')}, which are sent only when named). One of: ${domainEventTypes.join(', ')}.`,
      example: 'job.claimed,job.conflict',
    }),
})

export function registerStreamRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: AppDeps,
  options: StreamOptions = {},
): void {
  const limits: Limits = {
    heartbeatMs: options.heartbeatMs ?? 15_000,
    maxBacklog: options.maxBacklog ?? 1000,
    overflowGraceMs: options.overflowGraceMs ?? 5000,
  }
  app.openapi(
    createRoute({
      method: 'get',
      path: '/_sim/stream',
      tags,
      summary: 'Live domain events (Server-Sent Events)',
      description: [
        'A never-ending `text/event-stream`: one message per domain event as it happens, with',
        '`event: <type>`, `id: <n>` (1, 2, … per connection) and `data: {"type", "at" (ISO 8601,',
        'virtual clock), "data"}`. A `: heartbeat` comment every 15 s keeps proxies from closing',
        'it. There is no replay: events before the connection opened are not sent.',
        '',
        'A client that stops reading is dropped once 1000 messages wait for it: it gets a last',
        '`event: overflow` (`data: {"type":"overflow","dropped":true,"backlog":1000}`) if it reads',
        'again within 5 s, then the stream ends; reconnect to follow again.',
        '',
        `Types: ${domainEventTypes.map((t) => `\`${t}\``).join(', ')}. \`journal.appended\` (one per`,
        'journaled request: `data: {method, path, status, jobId}`) is sent only when `types`',
        'names it.',
        '',
        'Try `curl -N http://127.0.0.1:4010/_sim/stream?types=job.claimed,job.conflict`.',
      ].join('\n'),
      request: { query: streamQuery },
      responses: {
        200: {
          description: 'An endless stream of events',
          content: {
            'text/event-stream': {
              schema: z.string().openapi({
                example:
                  'event: job.claimed\nid: 1\ndata: {"type":"job.claimed","at":"2025-01-01T12:00:00.000Z","data":{"jobId":"…","companyId":"…","status":"in_progress"}}\n\n',
              }),
            },
          },
        },
        ...errors([400, 'BAD_REQUEST (an unknown event type in `types`)']),
      },
    }),
    (c) => {
      const bus = deps.bus
      if (!bus) throw new ApiError('NOT_FOUND', 'This fake was built without an event bus.')
      const wanted = c.req.valid('query').types
      return streamSSE(c, (stream) => follow(stream, bus, wanted, limits))
    },
  )
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Every stream sends the same `data` for an event: it is serialised once, not once per stream. */
const serialisedEvents = new WeakMap<DomainEvent, string>()
function serialised(event: DomainEvent): string {
  let data = serialisedEvents.get(event)
  if (data === undefined) {
    data = JSON.stringify({
      type: event.type,
      at: new Date(event.at).toISOString(),
      data: event.data,
    })
    serialisedEvents.set(event, data)
  }
  return data
}

/** Sends matching events until the client goes away or falls too far behind, then unsubscribes
 * and stops the timer. */
async function follow(
  stream: SSEStreamingApi,
  bus: EventBus,
  wanted: ReadonlySet<DomainEventType> | undefined,
  limits: Limits,
): Promise<void> {
  // Writes are chained so messages leave in the order the bus emitted them; `backlog` counts
  // those not yet taken by the client. Each write waits for the next turn of the event loop: a
  // burst (a clock move expiring hundreds of jobs, sent to every stream) is then written a message
  // per stream per turn, with other requests answered in between, not all in one go.
  let queue: Promise<unknown> = Promise.resolve()
  let backlog = 0
  const send = (write: () => Promise<unknown>) => {
    backlog++
    queue = queue
      .then(nextTurn)
      .then(write)
      .catch(() => undefined)
      .finally(() => backlog--)
  }
  let seq = 0
  let overflow: (() => void) | undefined
  const unsubscribe = bus.subscribe((event) => {
    if (wanted ? !wanted.has(event.type) : optInEventTypes.includes(event.type)) return
    if (backlog >= limits.maxBacklog) return overflow?.()
    const id = String(++seq)
    const data = serialised(event)
    send(() => stream.writeSSE({ event: event.type, id, data }))
  })
  // A client that reads nothing for hours falls behind on heartbeats alone.
  const heartbeat = setInterval(() => {
    if (backlog >= limits.maxBacklog) overflow?.()
    else send(() => stream.write(': heartbeat\n\n'))
  }, limits.heartbeatMs)
  let grace: ReturnType<typeof setTimeout> | undefined
  try {
    // A first comment gets the headers and the first bytes out at once.
    send(() => stream.write(': fake-pleo event stream\n\n'))
    await new Promise<void>((resolve) => {
      if (stream.aborted) return resolve()
      stream.onAbort(resolve)
      overflow = () => {
        overflow = undefined
        unsubscribe()
        clearInterval(heartbeat)
        const data = JSON.stringify({ type: 'overflow', dropped: true, backlog: limits.maxBacklog })
        send(() => stream.writeSSE({ event: 'overflow', data }))
        // Ends normally once the client has read everything, or is cut off after the grace.
        void queue.then(() => resolve())
        grace = setTimeout(() => stream.abort(), limits.overflowGraceMs)
      }
    })
  } finally {
    clearTimeout(grace)
    clearInterval(heartbeat)
    unsubscribe()
  }
}
