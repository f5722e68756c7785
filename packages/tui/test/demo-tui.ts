// Runs the view against the synthetic demo race: `pnpm exec tsx packages/tui/test/demo-tui.ts
// [seed]`. The tmux end-to-end script can point TUI_CMD here while the CLI is not wired yet.
import { scenario } from '@fake-pleo/race'
import { runTui } from '../src/index.ts'
import { createDemoRace } from './support/demo-race.ts'

const seed = Number(process.argv[2] ?? 1)
const { summary } = await runTui({ start: (s) => createDemoRace(s), scenario: scenario(seed) })
process.stdout.write(`claims won: ${summary?.claimsWon ?? 0}\n`)
