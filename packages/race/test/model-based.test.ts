// A model-based property test of the fake's export-job state machine: fast-check generates
// sequences of commands (press Export, list, get, claim, item updates, finish, clock moves,
// reset), runs each against a plain model of the documented rules and the real in-process fake,
// and fails on the first disagreement, shrinking it to a short counterexample. RACE_RUNS sets the
// number of runs for a long session; RACE_SEED replays a seed. A second test runs the same
// property against a model with one wrong rule and insists that it fails, so the comparison bites.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allCommands } from './model/commands.ts'
import { createModel, type Model, type ModelFlaw } from './model/model.ts'
import { startReal, type Real } from './model/real.ts'

const expiresIn = 600
const maxCommands = 40
const defaultRuns = 300

function envInteger(name: string): number | undefined {
  const text = process.env[name]
  if (text === undefined || text === '') return undefined
  const value = Number(text)
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got '${text}'`)
  return value
}

/** A fresh fake and an empty model at the fake's start time. */
async function setup(flaw: ModelFlaw): Promise<{ model: Model; real: Real }> {
  const real = startReal(expiresIn)
  const clock = await real.call('GET', '/_sim/clock')
  const startedAt = (clock.body as { data: { nowMs: number } }).data.nowMs
  return { model: createModel(startedAt, expiresIn, flaw), real }
}

function jobMachineProperty(flaw: ModelFlaw) {
  return fc.asyncProperty(
    fc.commands(allCommands(expiresIn), { maxCommands, size: 'medium' }),
    async (commands) => {
      const { model, real } = await setup(flaw)
      try {
        await fc.asyncModelRun(() => ({ model, real }), commands)
      } finally {
        real.fake.close()
        // Let the test runner's own messages through between runs (the fake answers in-process).
        await new Promise((resolve) => setImmediate(resolve))
      }
    },
  )
}

function runParameters(numRuns: number): fc.Parameters<[Iterable<fc.AsyncCommand<Model, Real>>]> {
  const seed = envInteger('RACE_SEED')
  return { numRuns, ...(seed === undefined ? {} : { seed }) }
}

/**
 * The shrunk counterexample of a run that must fail, as its commands' descriptions. A fixed seed
 * (RACE_SEED overrides it): how far shrinking gets depends on the first failure found, and the
 * tests below bound the counterexample's length.
 */
async function counterexampleOf(flaw: ModelFlaw): Promise<string[]> {
  const seed = envInteger('RACE_SEED') ?? 20261206
  const details = await fc.check(jobMachineProperty(flaw), { numRuns: 300, seed })
  expect(details.failed, `a model with the flaw '${flaw}' was not caught`).toBe(true)
  const [commands] = details.counterexample ?? []
  expect(commands).toBeDefined()
  return [...(commands ?? [])].map((command) => command.toString())
}

describe('the export-job state machine against a model of its rules', () => {
  const runs = envInteger('RACE_RUNS') ?? defaultRuns
  it(
    'agrees with the model over random command sequences',
    { timeout: 30_000 + runs * 100 },
    async () => {
      await fc.assert(jobMachineProperty('none'), runParameters(runs))
    },
  )

  it('catches a model that believes a second started is accepted', async () => {
    const steps = await counterexampleOf('second-start-accepted')
    expect(steps.length).toBeLessThanOrEqual(4)
    expect(steps.filter((step) => step.startsWith('Claim('))).toHaveLength(2)
  })

  it('catches a model that believes item updates do not refresh lastUpdatedAt', async () => {
    const steps = await counterexampleOf('item-put-keeps-expiry')
    expect(steps.length).toBeLessThanOrEqual(6)
    expect(steps.some((step) => step.startsWith('ItemUpdate('))).toBe(true)
  })
})
