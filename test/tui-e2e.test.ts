// Runs scripts/tui-e2e.sh: the live view of `fake-pleo race` in a real terminal (tmux), keys sent
// and the screen checked after each. Needs tmux (CI installs it); without it the test is skipped
// with a note, since there is no terminal to drive.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { repoRoot } from './cli-process.ts'

const hasTmux = spawnSync('tmux', ['-V']).status === 0
if (!hasTmux) console.warn('tmux is not installed: the live view end-to-end test is skipped')

describe('the live view in a terminal', () => {
  it.skipIf(!hasTmux)(
    'starts, follows e, +, space, space, u (cancelled) and q, and exits 0',
    () => {
      const run = spawnSync('bash', ['scripts/tui-e2e.sh'], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, TUI_E2E_TIMEOUT: '40' },
      })
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0)
      expect(run.stdout).toMatch(/ok: \+ grows the workers from (\d+) to (\d+)/)
      expect(run.stdout).toMatch(/ok: u asks first, naming what the unsafe mode breaks/)
      expect(run.stdout).toMatch(/ok: q exits the view \(exit code 0\)/)
    },
    70_000,
  )
})
