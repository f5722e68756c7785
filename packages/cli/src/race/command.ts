// `fake-pleo race`: runs one race headless and prints its summary. Progress (jobs ended so far)
// goes to stderr about once a second unless --quiet; the history is written with --history.
// Exit code 0 when the checker found nothing, 1 when it found a violation (or the race could not
// run as planned: a worker's pass threw, a job could not be pressed).
import { writeFileSync } from 'node:fs'
import { randomInt } from 'node:crypto'
import { runRace, toJsonLines, type Operation } from '@fake-pleo/race'
import { parseRaceArgs, raceHelp } from './args.ts'
import { renderJson, renderSummary } from './report.ts'

export type RaceIo = { out: (text: string) => void; err: (text: string) => void }

/** Counts finished jobs from the operations as they are recorded; prints at most once a second. */
function progress(io: RaceIo, jobs: number, quiet: boolean) {
  let ended = 0
  let last = performance.now()
  return (op: Operation) => {
    if (quiet || op.f !== 'finish' || op.type !== 'ok') return
    ended += 1
    const now = performance.now()
    if (now - last < 1000) return
    last = now
    io.err(`race: ${ended}/${jobs} jobs finished by an event so far\n`)
  }
}

export async function raceCommand(argv: string[], io: RaceIo): Promise<number> {
  const args = parseRaceArgs(argv, () => randomInt(0, 2 ** 31 - 1))
  if (args.help) {
    io.out(raceHelp)
    return 0
  }
  const { scenario } = args
  if (!args.quiet) {
    io.err(
      `race: seed ${scenario.seed}${args.seedGiven ? '' : ' (random; pass --seed to replay)'}, ` +
        `${scenario.workers} workers, ${scenario.jobs} jobs${args.http ? ', over HTTP' : ''}\n`,
    )
  }
  const result = await runRace(scenario, {
    transport: args.http ? 'http' : 'in-process',
    onOperation: progress(io, scenario.jobs, args.quiet),
  })
  if (args.history) writeFileSync(args.history, toJsonLines(result.history))
  io.out(args.json ? renderJson(result, args.history) : renderSummary(result, args.history))
  return result.check.valid && result.errors.length === 0 ? 0 : 1
}
