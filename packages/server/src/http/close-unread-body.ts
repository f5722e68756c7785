// Answers that leave the request body unread close the connection. A guard (401, 413, 415, …)
// can answer before the client has finished sending its body; the Node adapter then drains the
// rest for a short while and drops the socket, so a keep-alive answer would be a lie and a pooled
// client's next request on that socket would fail ("socket hang up"). With `Connection: close`
// the client opens a fresh connection instead.
import type { Context } from 'hono'

/** The Node request behind a Hono request on @hono/node-server, when there is one. */
type NodeBindings = { incoming?: { complete?: boolean } }

function declaresBody(headers: Headers): boolean {
  const length = headers.get('content-length')
  return (length !== null && length !== '0') || headers.has('transfer-encoding')
}

/** Whether the whole request body has been received (on a socket) or consumed (in process). */
function bodyReceived(env: unknown, request: Request): boolean {
  const incoming = (env as NodeBindings | undefined)?.incoming
  if (typeof incoming?.complete === 'boolean') return incoming.complete
  return request.bodyUsed
}

/** After the answer: `Connection: close` when the request declared a body it has not delivered. */
export function closeIfBodyUnread(c: Context): void {
  if (declaresBody(c.req.raw.headers) && !bodyReceived(c.env, c.req.raw)) {
    c.header('Connection', 'close')
  }
}
