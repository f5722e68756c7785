// The live view's cost: a live race with 32 workers and 20 jobs pressed per virtual second runs
// for a while with no viewer (the headless baseline) and then with the Ink view rendering into a
// counting terminal of 120x40, in the same process. Reported: frames written per second (the
// view should stay near 15), claims per real second with and without the view, and their ratio
// (the engine should not be slowed by more than 10%). Two loads: the (real time, speed 1)
// and a saturated one (speed 256, the engine as fast as the CPU allows), each run twice and
// interleaved, the better round counting.
import { setTimeout as sleep } from 'node:timers/promises'
import { Writable } from 'node:stream'
import { scenario, startLiveRace, type LiveRace } from '@fake-pleo/race'

// As `fake-pleo race` runs it: React's production build.
process.env.NODE_ENV ??= 'production'
const { mountView } = await import('@fake-pleo/tui')

export type TuiRun = { claimsPerSecond: number; framesPerSecond: number | null }
export type TuiLoad = { speed: number; headless: TuiRun; withView: TuiRun; ratio: number }
export type TuiBench = { seconds: number; loads: TuiLoad[] }

const shape = scenario(1, {
  workers: 32,
  webhookWorkers: 16,
  jobs: 1_000_000,
  arrival: { batch: 20, everySeconds: 1 },
  items: [1, 3],
  itemSeconds: 0.05,
  expiresIn: 3600,
})

/**
 * A terminal that counts the frames written to it and throws them away. Ink writes a frame as
 * one write of its content between short control sequences (synchronised output, cursor), which
 * are not counted.
 */
function countingTerminal() {
  let frames = 0
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      if (chunk.length > 16) frames += 1
      done()
    },
  }) as Writable & { columns: number; rows: number; isTTY: boolean }
  Object.assign(stream, { columns: 120, rows: 40, isTTY: true })
  return { stream, frames: () => frames }
}

async function claimsDuring(race: LiveRace, seconds: number): Promise<number> {
  let first: number | undefined
  let last = 0
  race.subscribe((events) => {
    for (const event of events) {
      if (event.type !== 'tick') continue
      first ??= event.claimsWon
      last = event.claimsWon
    }
  })
  await sleep(seconds * 1000)
  return last - (first ?? 0)
}

async function once(speed: number, seconds: number, view: boolean): Promise<TuiRun> {
  const race = startLiveRace(shape, { speed })
  const terminal = countingTerminal()
  const unmount = view
    ? mountView(race, {
        stdout: terminal.stream as unknown as NodeJS.WriteStream,
        columns: 120,
        rows: 40,
        color: false,
      })
    : undefined
  await sleep(1000) // warm-up: workers subscribed
  const framesBefore = terminal.frames()
  const claims = await claimsDuring(race, seconds)
  const frames = terminal.frames() - framesBefore
  unmount?.()
  await race.stop()
  return { claimsPerSecond: claims / seconds, framesPerSecond: view ? frames / seconds : null }
}

export async function runTuiBench(
  step: (message: string) => void,
  seconds = 6,
  speeds = [1, 256],
): Promise<TuiBench> {
  const loads: TuiLoad[] = []
  for (const speed of speeds) {
    const headless: TuiRun[] = []
    const withView: TuiRun[] = []
    for (let round = 1; round <= 2; round++) {
      step(`live view: speed ${speed}, round ${round}: headless, then with the view`)
      headless.push(await once(speed, seconds, false))
      withView.push(await once(speed, seconds, true))
    }
    const best = (runs: TuiRun[]) =>
      runs.reduce((a, b) => (b.claimsPerSecond > a.claimsPerSecond ? b : a))
    const h = best(headless)
    const v = best(withView)
    loads.push({ speed, headless: h, withView: v, ratio: v.claimsPerSecond / h.claimsPerSecond })
  }
  return { seconds, loads }
}

export function renderTuiBench(bench: TuiBench): string {
  const rows = bench.loads.map(
    (l) =>
      `| ${l.speed} | ${l.headless.claimsPerSecond.toFixed(1)} | ${l.withView.claimsPerSecond.toFixed(1)} | ${l.ratio.toFixed(2)} | ${l.withView.framesPerSecond?.toFixed(1) ?? '-'} |`,
  )
  return [
    '',
    `Live view (32 workers, 20 jobs per virtual second, ${bench.seconds} s per run, best of 2)`,
    '| speed | claims/s headless | claims/s with view | ratio | frames/s |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
  ].join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bench = await runTuiBench((m) => process.stderr.write(`bench: ${m}\n`))
  process.stdout.write(renderTuiBench(bench))
}
