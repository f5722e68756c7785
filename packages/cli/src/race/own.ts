// `fake-pleo race --cmd`: races instances of your own integration (packages/conformance's
// raceIntegration) and writes the report `conform` writes (pretty, JSON, JUnit, TAP; one test per
// invariant) to stdout or --out, with progress on stderr unless --quiet. On a terminal (without
// --headless) the race runs in the live view (own-live.ts) and the report follows once you quit.
// Exit code 0 when every invariant held, 1 when one did not or the race could not run.
import { writeFileSync } from 'node:fs'
import {
  exitCodeOf,
  raceIntegration,
  raceReport,
  render,
  summarise,
  type IntegrationRaceResult,
} from '@fake-pleo/conformance'
import { toJsonLines, type Operation } from '@fake-pleo/race'
import type { RaceArgs } from './args.ts'
import type { OwnRaceArgs } from './own-args.ts'
import type { RaceIo } from './command.ts'
import { ownLiveRace } from './own-live.ts'

/** Jobs finished by an instance so far, at most once a second. */
function progress(io: RaceIo, jobs: number, quiet: boolean) {
  let ended = 0
  let last = performance.now()
  return (op: Operation) => {
    if (quiet || op.f !== 'finish' || op.type !== 'ok' || op.process === 'nemesis') return
    ended += 1
    const now = performance.now()
    if (now - last < 1000) return
    last = now
    io.err(`race: ${ended}/${jobs} jobs finished by an instance so far\n`)
  }
}

/** The race in the live view, instances as its workers; answers the result once you quit. */
async function live(
  args: RaceArgs,
  options: Parameters<typeof raceIntegration>[0] & { speed: number },
): Promise<IntegrationRaceResult> {
  // React's production build: the development one checks every render and slows the race.
  process.env.NODE_ENV ??= 'production'
  const { runTui } = await import('@fake-pleo/tui')
  let race: ReturnType<typeof ownLiveRace> | undefined
  await runTui({
    scenario: args.scenario,
    // `r` starts nothing new: the first race is the one reported.
    restartable: false,
    start: (scenario) =>
      (race ??= ownLiveRace(scenario, (hooks) => raceIntegration({ ...options, ...hooks }), {
        speed: options.speed,
      })),
  })
  return race!.result
}

export async function ownRace(args: RaceArgs, own: OwnRaceArgs, io: RaceIo): Promise<number> {
  const { scenario } = args
  if (!args.quiet) {
    io.err(
      `race: seed ${scenario.seed}${args.seedGiven ? '' : ' (random; pass --seed to replay the nemesis)'}, ` +
        `${own.instances} instances of ${own.command}, ${scenario.jobs} jobs\n`,
    )
  }
  const options = {
    integration: { command: own.command, cwd: process.cwd() },
    scenario,
    speed: args.speed ?? 1,
    timeoutSeconds: own.timeoutSeconds,
  }
  const result = args.live
    ? await live(args, options)
    : await raceIntegration({ ...options, onOperation: progress(io, scenario.jobs, args.quiet) })
  if (args.history) writeFileSync(args.history, toJsonLines(result.history))
  const report = raceReport(result)
  const color = own.out === undefined && own.reporter === 'pretty' && (io.terminal ?? false)
  const text = render(report, own.reporter, { color })
  if (own.out === undefined) io.out(text)
  else {
    writeFileSync(own.out, text)
    const s = summarise(report)
    io.err(
      `race: ${s.passed} of ${s.total} invariants held` +
        `${s.failed > 0 ? `, ${s.failed} broken` : ''}${s.errors > 0 ? `, ${s.errors} not judged (the race could not run)` : ''}; report in ${own.out}\n`,
    )
  }
  return exitCodeOf(report)
}
