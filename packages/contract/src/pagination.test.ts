// The cursor codec and the pagination query schema: base32 round-trips any bytes in Pleo's
// cursor alphabet, cursors of the wrong shape are refused, and the query rules (limit ≤ 100,
// repeated keys as arrays) hold.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  base32Decode,
  base32Encode,
  decodeCursor,
  encodeCursor,
  paginationQuerySchema,
} from './pagination.ts'

describe('base32', () => {
  it('round-trips any bytes and stays in the cursor alphabet', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = base32Encode(bytes)
        expect(text).toMatch(/^[A-Z2-7=]*$/)
        expect(base32Decode(text)).toEqual(bytes)
      }),
    )
  })

  it('matches the RFC 4648 test vectors', () => {
    const enc = (s: string) => base32Encode(new TextEncoder().encode(s))
    expect(enc('f')).toBe('MY======')
    expect(enc('foob')).toBe('MZXW6YQ=')
    expect(enc('foobar')).toBe('MZXW6YTBOI======')
  })
})

describe('cursors', () => {
  it('round-trip tuples of strings and numbers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.integer()), { minLength: 1, maxLength: 4 }),
        (values) => {
          expect(decodeCursor(encodeCursor(values), values.length)).toEqual(values)
        },
      ),
    )
  })

  it('refuse garbage, wrong arity and non-scalar contents', () => {
    expect(decodeCursor('ABC', 1)).toBeUndefined()
    expect(decodeCursor('abc', 1)).toBeUndefined()
    expect(decodeCursor(encodeCursor(['a', 1]), 3)).toBeUndefined()
    expect(decodeCursor(base32Encode(new TextEncoder().encode('[{"a":1}]')), 1)).toBeUndefined()
  })
})

describe('paginationQuerySchema', () => {
  it('accepts limit up to 100 and refuses 101', () => {
    expect(paginationQuerySchema.safeParse({ limit: '100' }).success).toBe(true)
    const over = paginationQuerySchema.safeParse({ limit: '101' })
    expect(over.success).toBe(false)
    expect(over.error?.issues[0]?.message).toContain('at most 100')
  })

  it('turns single and repeated sorting keys into arrays', () => {
    expect(paginationQuerySchema.parse({ sorting_keys: 'createdAt' }).sorting_keys).toEqual([
      'createdAt',
    ])
    expect(paginationQuerySchema.parse({ sorting_order: ['ASC', 'DESC'] }).sorting_order).toEqual([
      'ASC',
      'DESC',
    ])
  })

  it('refuses cursors outside the alphabet and non-numeric offsets', () => {
    expect(paginationQuerySchema.safeParse({ after: 'abc!' }).success).toBe(false)
    expect(paginationQuerySchema.safeParse({ offset: '-1' }).success).toBe(false)
  })
})
