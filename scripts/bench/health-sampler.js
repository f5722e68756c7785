// The soak's health checker, run as a worker thread so its timings are not delayed by the load
// the bench's main thread drives (four request loops and twenty stalled streams share that event
// loop). Every `everyMs` it times GET `url` on a keep-alive connection of its own; on the message
// 'stop' it posts { health: number[] (ms of each 200), failures } and ends. Plain JavaScript so a
// worker needs no TypeScript loader.
import { Agent, request } from 'node:http'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { parentPort, workerData } from 'node:worker_threads'

const { url, everyMs } = workerData
const agent = new Agent({ keepAlive: true, maxSockets: 1 })
const health = []
let failures = 0
let stopped = false

const check = () =>
  new Promise((resolve) => {
    const started = performance.now()
    const req = request(url, { agent }, (res) => {
      res.resume()
      res.once('end', () => {
        if (res.statusCode === 200) health.push(performance.now() - started)
        else failures++
        resolve()
      })
    })
    req.once('error', () => {
      failures++
      resolve()
    })
    req.end()
  })

parentPort.once('message', () => (stopped = true))
while (!stopped) {
  await check()
  await sleep(everyMs)
}
agent.destroy()
parentPort.postMessage({ health, failures })
