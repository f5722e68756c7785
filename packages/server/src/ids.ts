// Id and secret generation, injected so tests and seeds can be deterministic. The default uses
// crypto randomness; a seeded one derives everything from a string; a descending one makes every
// UUID sort before the ones made earlier (the conformance kit uses it to put the oldest job on the
// last page of a list ordered by id).
import { randomBytes, randomFillSync, randomUUID } from 'node:crypto'
import { createRandom } from '@fake-pleo/contract'

export type IdGenerator = {
  uuid(): string
  /** An API key: `plp_` and 32 characters of base62-ish randomness. */
  apiKey(): string
  secret(): string
  /** A Standard Webhooks secret: `whsec_` and base64 of 24 random bytes. */
  webhookSecret(): string
  /** A message id as Svix writes them: `msg_` and 27 base62 characters. */
  messageId(): string
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** Random bytes drawn from the system 4 KiB at a time, as `randomUUID` draws its own: one call
 * per ~150 message ids instead of one per id (each call was a few µs of every press of Export). */
function randomPool(size = 4096): (length: number) => Uint8Array {
  const pool = Buffer.allocUnsafe(size)
  let at = size
  return (length) => {
    if (at + length > size) {
      randomFillSync(pool)
      at = 0
    }
    at += length
    return pool.subarray(at - length, at)
  }
}

export function randomIds(): IdGenerator {
  const draw = randomPool()
  const token = (length: number) => {
    const bytes = draw(length)
    let text = ''
    for (const b of bytes) text += alphabet[b % alphabet.length]
    return text
  }
  return {
    uuid: () => randomUUID(),
    apiKey: () => `plp_${token(32)}`,
    secret: () => token(40),
    webhookSecret: () => `whsec_${randomBytes(24).toString('base64')}`,
    messageId: () => `msg_${token(27)}`,
  }
}

export function seededIds(seed: string): IdGenerator {
  const random = createRandom(seed)
  const token = (length: number) =>
    Array.from({ length }, () => alphabet[random.int(0, alphabet.length - 1)]).join('')
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => random.int(0, 255)))
  return {
    uuid: () => random.uuid(),
    apiKey: () => `plp_${token(32)}`,
    secret: () => token(40),
    webhookSecret: () => `whsec_${bytes(24).toString('base64')}`,
    messageId: () => `msg_${token(27)}`,
  }
}

/**
 * `base`, except that every UUID sorts before (as text) every UUID made earlier: its first eight
 * hex digits count down from ffffffff. Still valid version 4 UUIDs (those digits are random in v4).
 */
export function descendingIds(base: IdGenerator = randomIds()): IdGenerator {
  let made = 0
  return {
    ...base,
    uuid: () => {
      const prefix = (0xffffffff - made++).toString(16).padStart(8, '0')
      return `${prefix}${base.uuid().slice(8)}`
    },
  }
}
