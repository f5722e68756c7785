// How fast the race checker reads a history: synthetic valid histories of growing size are
// generated first, then only `checkHistory` is timed (one warm-up, best of three per size). The
// checker is meant to be linear, so time per operation should stay flat as histories grow;
// run directly, it prints a table and time(largest) / time(smallest) scaled by their size ratio
// (about 1 when linear).
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { checkHistory } from '@fake-pleo/race'
import { syntheticHistory } from '../../packages/race/src/synthetic-history.ts'

export type CheckerSpeedRow = { operations: number; ms: number; nsPerOp: number }

export async function runCheckerSpeed(sizes = [1e4, 1e5, 1e6]): Promise<CheckerSpeedRow[]> {
  const rows: CheckerSpeedRow[] = []
  for (const size of sizes) {
    const { history, finalState } = syntheticHistory({ operations: size, seed: 42 })
    checkHistory(history, finalState)
    let best = Number.POSITIVE_INFINITY
    for (let run = 0; run < 3; run++) {
      const start = performance.now()
      const result = checkHistory(history, finalState)
      best = Math.min(best, performance.now() - start)
      if (!result.valid) throw new Error(`a synthetic history of ${size} operations is not valid`)
    }
    rows.push({
      operations: history.length,
      ms: round(best),
      nsPerOp: round((best * 1e6) / history.length),
    })
    await new Promise((resolve) => setImmediate(resolve))
  }
  return rows
}

const round = (value: number): number => Math.round(value * 10) / 10

/** time(largest) / time(smallest) divided by the ratio of their sizes: about 1 when linear. */
export function linearity(rows: CheckerSpeedRow[]): number | undefined {
  const first = rows[0]
  const last = rows.at(-1)
  if (!first || !last || first === last || first.ms === 0) return undefined
  return last.ms / first.ms / (last.operations / first.operations)
}

async function main(): Promise<void> {
  const rows = await runCheckerSpeed()
  console.log('operations   best ms   ns/op')
  for (const row of rows) {
    const cells = [row.operations, row.ms, row.nsPerOp].map(String)
    console.log(`${cells[0]?.padStart(10)}  ${cells[1]?.padStart(8)}  ${cells[2]?.padStart(6)}`)
  }
  const ratio = linearity(rows)
  if (ratio !== undefined) console.log(`time ratio / size ratio: ${ratio.toFixed(2)} (1 = linear)`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
