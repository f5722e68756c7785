// Id and secret generation, injected so tests and seeds can be deterministic. The default uses
// crypto randomness; a seeded one derives everything from a string.
import { randomBytes, randomUUID } from 'node:crypto'
import { createRandom } from '@fake-pleo/contract'

export type IdGenerator = {
  uuid(): string
  /** An API key: `plp_` and 32 characters of base62-ish randomness. */
  apiKey(): string
  secret(): string
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

export function randomIds(): IdGenerator {
  const token = (length: number) =>
    Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('')
  return { uuid: () => randomUUID(), apiKey: () => `plp_${token(32)}`, secret: () => token(40) }
}

export function seededIds(seed: string): IdGenerator {
  const random = createRandom(seed)
  const token = (length: number) =>
    Array.from({ length }, () => alphabet[random.int(0, alphabet.length - 1)]).join('')
  return { uuid: () => random.uuid(), apiKey: () => `plp_${token(32)}`, secret: () => token(40) }
}
