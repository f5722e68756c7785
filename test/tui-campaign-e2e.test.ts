// Runs scripts/tui-campaign-e2e.sh: the property campaign's live view in a real terminal (tmux)
// finds and shrinks the unsafe server's double claim, and the arrow keys step through the
// counterexample's timeline. Needs tmux (CI installs it); without it the test is skipped.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { repoRoot } from './cli-process.ts'

const hasTmux = spawnSync('tmux', ['-V']).status === 0
if (!hasTmux) console.warn('tmux is not installed: the campaign view end-to-end test is skipped')

describe('the campaign view in a terminal', () => {
  it.skipIf(!hasTmux)(
    'finds and shrinks a double claim, steps with the arrow keys, and exits 1 on q',
    () => {
      const run = spawnSync('bash', ['scripts/tui-campaign-e2e.sh'], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 100_000,
        env: { ...process.env, TUI_E2E_TIMEOUT: '90' },
      })
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0)
      expect(run.stdout).toMatch(/ok: the shrunk counterexample is shown as a timeline of \d+/)
      expect(run.stdout).toMatch(/ok: → steps to the next operation/)
      expect(run.stdout).toMatch(/ok: v shows where invariant 1 breaks .*2 claims/)
      expect(run.stdout).toMatch(/ok: q exits the view \(exit code 1\)/)
    },
    110_000,
  )
})
