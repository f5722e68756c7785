// Id generators: the descending one keeps every UUID valid and unique while each sorts before the
// ones made earlier; the random one's tokens keep their shape and never repeat across the refills
// of its pool of random bytes.
import { describe, expect, it } from 'vitest'
import { descendingIds, randomIds, seededIds } from './ids.ts'

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('descendingIds', () => {
  it('makes valid v4 UUIDs, each sorting before every earlier one', () => {
    const ids = descendingIds(seededIds('descending'))
    const made = Array.from({ length: 300 }, () => ids.uuid())
    for (const id of made) expect(id).toMatch(uuidV4)
    expect(new Set(made).size).toBe(made.length)
    expect([...made].sort()).toEqual([...made].reverse())
  })

  it('leaves the other generators as they were', () => {
    expect(descendingIds(seededIds('same')).apiKey()).toBe(seededIds('same').apiKey())
  })
})

describe('randomIds', () => {
  it('makes well-formed, distinct tokens across many refills of its random pool', () => {
    const ids = randomIds()
    // 27, 32 and 40 bytes each: thousands of tokens draw the 4 KiB pool dozens of times over.
    const messages = Array.from({ length: 3000 }, () => ids.messageId())
    const keys = Array.from({ length: 500 }, () => ids.apiKey())
    const secrets = Array.from({ length: 500 }, () => ids.secret())
    for (const id of messages) expect(id).toMatch(/^msg_[A-Za-z0-9]{27}$/)
    for (const key of keys) expect(key).toMatch(/^plp_[A-Za-z0-9]{32}$/)
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9]{40}$/)
    const all = [...messages, ...keys, ...secrets]
    expect(new Set(all).size).toBe(all.length)
    // Every character of the alphabet turns up: the bytes are not stuck on a few values.
    expect(new Set(messages.map((id) => id.slice(4)).join('')).size).toBe(62)
  })
})
