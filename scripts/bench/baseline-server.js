// The baseline of every load phase: a bare Hono app on @hono/node-server answering a small JSON
// body at GET /, nothing else (no auth, no validation, no SQLite, no journal). GET /list answers,
// when BENCH_LIST_BODY names a JSON file, that document re-serialised on every request: the floor
// any server pays to send the fake's 50-job page. Plain JavaScript, so it starts like the fake's
// bundle does, without a TypeScript loader. The bench runs it as a child process, like the fake,
// so both are loaded by the same client under the same conditions. Prints `baseline is listening
// on URL` once bound (port 0 = any free port); stops on SIGTERM.
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { readFileSync } from 'node:fs'

const listFile = process.env.BENCH_LIST_BODY
const listBody = listFile ? JSON.parse(readFileSync(listFile, 'utf8')) : { data: [] }

const app = new Hono()
app.get('/', (c) => c.json({ ok: true, service: 'baseline' }))
app.get('/list', (c) => c.json(listBody))
app.get('/_sim/health', (c) => c.json({ ok: true }))

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`baseline is listening on http://127.0.0.1:${info.port}\nready\n`)
})

const stop = () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
