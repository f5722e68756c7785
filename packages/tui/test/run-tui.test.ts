// runTui, the package's entry point: it renders the view on the streams given, starts the race
// from the scenario, and resolves with the race's summary once q has stopped it.
import { scenario } from '@fake-pleo/race'
import { expect, it, vi } from 'vitest'
import { runTui } from '../src/index.ts'

// Ink draws only the last frame when it sees CI in the environment (read once, when it loads);
// this test watches the frames, as a person at a terminal would.
vi.hoisted(() => {
  process.env.CI = '0'
  process.env.CONTINUOUS_INTEGRATION = '0'
})
import { frameText, sizedStdout, TestStdin, waitFor } from './support/frames.ts'
import { scriptedRace, type ScriptedRace } from './support/scripted-race.ts'

it('renders the race it starts and resolves with its summary after q', async () => {
  const stdout = sizedStdout(100, 30)
  const stdin = new TestStdin()
  const started: ScriptedRace[] = []
  const done = runTui({
    scenario: scenario(11),
    start: (s) => {
      const race = scriptedRace(s)
      started.push(race)
      return race
    },
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
  })
  const screen = () => frameText(stdout.frames.join(''))
  await waitFor(() => screen().includes('fake-pleo race seed 11'))
  expect(started).toHaveLength(1)
  stdin.write('q')
  const { summary } = await done
  expect(started[0]?.stopped).toBe(true)
  expect(summary?.violations).toBe(0)
})
