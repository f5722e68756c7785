// The webhook bench's receiver: a bare node:http server on 127.0.0.1 (port 0 = any free port)
// that answers every POST with 200 and records, per request, the path, the job id in the body's
// `data.id`, the webhook-id and the time the whole body had arrived, as performance.timeOrigin +
// performance.now() (wall-clock milliseconds with sub-millisecond resolution, the same clock the
// bench reads when it sends a job's POST). GET /_receipts returns them, GET /_count their number,
// POST /_reset forgets them. Plain JavaScript, no framework, so it costs as little as it can.
// Prints `webhook receiver is listening on URL` and `ready` once bound; stops on SIGTERM.
import { createServer } from 'node:http'
import { performance } from 'node:perf_hooks'

let receipts = []

const reply = (res, status, body, type = 'text/plain') => {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/_count') return reply(res, 200, String(receipts.length))
  if (req.method === 'GET' && req.url === '/_receipts') {
    return reply(res, 200, JSON.stringify(receipts), 'application/json')
  }
  if (req.method === 'POST' && req.url === '/_reset') {
    receipts = []
    return reply(res, 200, 'ok')
  }
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', () => {
    const at = performance.timeOrigin + performance.now()
    let jobId = null
    try {
      jobId = JSON.parse(Buffer.concat(chunks).toString('utf8'))?.data?.id ?? null
    } catch {
      // Not JSON: recorded without a job id, and the bench counts it as unexpected.
    }
    receipts.push({ path: req.url, jobId, webhookId: req.headers['webhook-id'] ?? null, at })
    reply(res, 200, 'ok')
  })
})
server.keepAliveTimeout = 60_000

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address()
  process.stdout.write(`webhook receiver is listening on http://127.0.0.1:${port}\nready\n`)
})

const stop = () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
