// A race scenario is plain data (JSON): how many workers and jobs, how jobs arrive, how workers
// detect them, which faults fire, how many claims the nemesis steals and how many workers it
// kills, how many zombie moves it makes and which unsafe modes the server runs with.
// `scenario(seed, overrides)` fills every field from defaults, and everything random in a
// run is drawn from `seed`, so a scenario and its seed replay the same race in-process.
import { z } from 'zod'
import { unsafeModes, type FaultRule } from '@fake-pleo/contract'

export const faultPresets = ['none', 'mild', 'harsh', 'webhooks'] as const
export type FaultPreset = (typeof faultPresets)[number]

const count = (max: number) => z.number().int().min(0).max(max)

export const scenarioSchema = z
  .object({
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
    workers: z.number().int().min(1).max(256),
    jobs: count(1_000_000),
    /** Items per job, `[min, max]`. */
    items: z
      .tuple([z.number().int().min(1).max(1000), z.number().int().min(1).max(1000)])
      .refine(([a, b]) => a <= b, 'needs min <= max'),
    /** Jobs are pressed `batch` at a time, every `everySeconds` of the virtual clock. */
    arrival: z.object({ batch: z.number().int().min(1).max(10_000), everySeconds: count(86_400) }),
    /** How many of the workers are woken by webhooks (the others poll). */
    webhookWorkers: count(256),
    pollSeconds: z.number().min(0.001).max(3600),
    /** Virtual seconds the accounting system takes per item. */
    itemSeconds: z.number().min(0).max(600),
    expiresIn: z.number().int().min(1).max(86_400),
    faults: z.enum(faultPresets),
    /**
     * The server's unsafe modes, each a deliberately broken rule (`claims`: check-then-act claims,
     * a demo of the double claim). `true` means `['claims']`, `false` none.
     */
    unsafe: z.preprocess(
      (value) => (value === true ? ['claims'] : value === false ? [] : value),
      z.array(z.enum(unsafeModes)),
    ),
    /** Jobs the nemesis claims as another integration (it finishes half of them, abandons the rest). */
    steals: count(1_000_000),
    /** Workers the nemesis kills; each comes back after `restartSeconds` with its state. */
    kills: count(100_000),
    restartSeconds: z.number().min(0).max(86_400),
    /**
     * Zombie moves the nemesis makes over the run, as a misbehaving integration would: late item
     * updates and second final events on ended jobs, stale `started` on claimed jobs, item updates
     * of more than 100 items, and workers paused past their job's expiry that then keep writing.
     */
    zombies: count(100_000),
  })
  .strict()

export type Scenario = z.infer<typeof scenarioSchema>
/** What `scenario()` takes: any field, with `unsafe` also as a boolean. */
export type ScenarioOverrides = Partial<Omit<z.input<typeof scenarioSchema>, 'seed'>>

export const defaultScenario: Omit<Scenario, 'seed'> = {
  workers: 4,
  jobs: 20,
  items: [1, 5],
  arrival: { batch: 2, everySeconds: 1 },
  webhookWorkers: 2,
  pollSeconds: 2,
  itemSeconds: 0.05,
  expiresIn: 120,
  faults: 'none',
  unsafe: [],
  steals: 0,
  kills: 0,
  restartSeconds: 3,
  zombies: 4,
}

/** A complete scenario from a seed and any fields to change; throws on an invalid one. */
export function scenario(seed: number, overrides: ScenarioOverrides = {}): Scenario {
  const filled = { ...defaultScenario, ...overrides, seed }
  return scenarioSchema.parse({
    ...filled,
    webhookWorkers: Math.min(filled.webhookWorkers, filled.workers),
  })
}

/** The fault rules of a preset. HTTP faults hit the worker routes; webhook faults every delivery. */
export function faultRules(preset: FaultPreset): FaultRule[] {
  const webhook = (kind: string, probability: number): FaultRule =>
    ({ target: 'webhook', kind, probability }) as FaultRule
  const http = (rule: Record<string, unknown>): FaultRule =>
    ({ target: 'http', ...rule }) as FaultRule
  switch (preset) {
    case 'none':
      return []
    case 'webhooks':
      return [webhook('drop', 0.2), webhook('duplicate', 0.2), webhook('reorder', 0.1)]
    case 'mild':
      return [
        http({ status: 503, retryAfter: 1, probability: 0.02 }),
        http({ status: 429, retryAfter: 1, probability: 0.02 }),
        http({ latencyMs: [0, 200], probability: 0.1 }),
        webhook('drop', 0.1),
        webhook('duplicate', 0.1),
      ]
    case 'harsh':
      return [
        http({ status: 500, probability: 0.03 }),
        http({ status: 502, probability: 0.03 }),
        http({ status: 503, retryAfter: 2, probability: 0.03 }),
        http({ status: 429, retryAfter: 1, probability: 0.05 }),
        http({ latencyMs: [0, 2000], probability: 0.2 }),
        webhook('drop', 0.3),
        webhook('duplicate', 0.2),
        webhook('reorder', 0.1),
        webhook('delay', 0.1),
        webhook('bad-signature', 0.05),
        webhook('stale-timestamp', 0.05),
      ]
  }
}
