// A small seeded pseudo-random generator (mulberry32 over a string hash) so generated data and
// ids are reproducible from a seed. Pure: no global state.

export type Random = {
  next(): number
  int(min: number, maxInclusive: number): number
  pick<T>(items: readonly T[]): T
  uuid(): string
}

export function hashString(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 16777619)
  }
  return h >>> 0
}

const hexDigits = '0123456789abcdef'

export function createRandom(seed: string | number): Random {
  let state = typeof seed === 'number' ? seed >>> 0 : hashString(seed)
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, maxInclusive: number): number =>
    min + Math.floor(next() * (maxInclusive - min + 1))
  const pick = <T>(items: readonly T[]): T => {
    const item = items[int(0, items.length - 1)]
    if (item === undefined) throw new Error('pick from an empty list')
    return item
  }
  // The same draws as `int(0, 15).toString(16)` per digit, without an array per call.
  const hex = (n: number): string => {
    let text = ''
    for (let i = 0; i < n; i++) text += hexDigits[Math.floor(next() * 16)]
    return text
  }
  const uuid = (): string =>
    `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`
  return { next, int, pick, uuid }
}
