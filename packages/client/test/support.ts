// Test support: the in-process fake (demo seed, manual clock, webhooks off, no socket) and a
// client wired to it through `app.request`, with a recording sleep and a fixed random so retries
// take no time and their waits can be asserted.
import { createFakePleo, type ConfigurableFaultEngine } from '@fake-pleo/server'
import { createPleoClient, type FetchLike, type PleoClientOptions } from '../src/index.ts'

export const unknownId = '00000000-0000-4000-8000-000000000000'
export const entry = (n: number) => `0000000${n % 10}-aaaa-4bbb-8ccc-${String(n).padStart(12, '0')}`

export function setup(
  options: { faults?: ConfigurableFaultEngine; client?: Partial<PleoClientOptions> } = {},
) {
  const fake = createFakePleo({
    seed: 'demo',
    clock: 'manual',
    webhookDelivery: 'off',
    ...(options.faults ? { faults: options.faults } : {}),
  })
  const apiKey = fake.apiKey ?? ''
  const companyId = fake.companyId ?? ''
  const sleeps: number[] = []
  const fetch: FetchLike = async (input, init) => fake.app.request(String(input), init)
  const client = createPleoClient({
    baseUrl: 'http://fake.local',
    auth: { apiKey },
    fetch,
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    random: () => 0.5,
    ...options.client,
  })
  const journal = () => fake.deps.store.listJournal(0, 1000)
  return { fake, client, apiKey, companyId, sleeps, journal, store: fake.deps.store }
}

/** Narrows a result to its data, failing the test with the error otherwise. */
export function dataOf<T>(
  result:
    { ok: true; data: T } | { ok: false; error: { status: number; type: string; message: string } },
): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`)
  return result.data
}
