// Setup of the vitest project `shared` (vitest.config.ts), whose files run one after another in
// one process: before each file it puts back what an earlier file may have changed in the
// process, so each file starts as it would in a process of its own. Its modules are imported
// afresh for each file all the same (`isolate`); what outlives a file is the process: the
// environment, the working directory, and the globals @hono/node-server replaces with its own
// Request and Response when a server starts listening (startFakePleo, `serve`), under which an
// in-process answer read body first loses the header a middleware set on it.
//
// It also lets the event loop turn after every test. A file whose tests only await promises
// (in-process requests to the fake) never does otherwise, and vitest's report of the file's
// progress to the main process then times out once the file has run for a minute ('Timeout
// calling "onTaskUpdate"': the answer sits unread while the timer fires first), which on a
// loaded machine the contract tour's 419 steps did, and stopped the files after it in this
// process.
import { afterEach } from 'vitest'

type Saved = {
  env: Record<string, string | undefined>
  cwd: string
  Request: typeof Request
  Response: typeof Response
}

const key = Symbol.for('fake-pleo.test.shared-process-setup')
const store = globalThis as unknown as Record<symbol, Saved | undefined>
// The first file's run of this setup saves the process as it started; later runs restore it.
const saved = (store[key] ??= {
  env: { ...process.env },
  cwd: process.cwd(),
  Request: globalThis.Request,
  Response: globalThis.Response,
})

for (const name of Object.keys(process.env)) {
  if (!(name in saved.env)) delete process.env[name]
}
for (const [name, value] of Object.entries(saved.env)) {
  if (process.env[name] !== value) process.env[name] = value
}
if (process.cwd() !== saved.cwd) process.chdir(saved.cwd)
for (const name of ['Request', 'Response'] as const) {
  if (globalThis[name] !== saved[name]) {
    Object.defineProperty(globalThis, name, {
      value: saved[name],
      writable: true,
      configurable: true,
    })
  }
}

afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)))
