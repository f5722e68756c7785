// Id generators: the descending one keeps every UUID valid and unique while each sorts before the
// ones made earlier.
import { describe, expect, it } from 'vitest'
import { descendingIds, seededIds } from './ids.ts'

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
