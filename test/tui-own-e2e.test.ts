// Runs scripts/tui-own-e2e.sh: `fake-pleo race --cmd` in the live view in a real terminal (tmux),
// two instances of the reference claimer until the verdict shows, then q. Needs tmux (CI installs
// it); without it the test is skipped with a note, since there is no terminal to drive.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { repoRoot } from './cli-process.ts'

const hasTmux = spawnSync('tmux', ['-V']).status === 0
if (!hasTmux) console.warn('tmux is not installed: the race --cmd live view test is skipped')

describe('race --cmd in the live view in a terminal', () => {
  it.skipIf(!hasTmux)(
    'shows the instances as workers, refuses +, shows the verdict, and q prints the report (exit 0)',
    () => {
      const run = spawnSync('bash', ['scripts/tui-own-e2e.sh'], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 100_000,
        env: { ...process.env, TUI_E2E_TIMEOUT: '80' },
      })
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0)
      expect(run.stdout).toMatch(/ok: the two instances show as workers w0 and w1/)
      expect(run.stdout).toMatch(/ok: \+ is refused with --cmd and the workers stay 2/)
      expect(run.stdout).toMatch(/ok: the verdict shows once the race has ended \(0 violations\)/)
      expect(run.stdout).toMatch(/ok: q prints the report and exits \(exit code 0\)/)
    },
    110_000,
  )
})
