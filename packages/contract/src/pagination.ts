// Pleo's pagination: the query parameters (cursor `after`/`before` in the base32 alphabet, or
// `offset`; `limit`; `sorting_keys` with one `sorting_order` each), the CursorPageInfo envelope,
// and the cursor codec. Cursors are base32 of a JSON array of the row's sort values.
import { z } from 'zod'
import { pageOrders } from './enums.ts'

export const defaultPageLimit = 50
export const maxPageLimit = 100

const cursor = z
  .string()
  .regex(/^[A-Z2-7=~]+$/, 'must be a cursor from a previous page (base32: A-Z, 2-7, =, ~)')
  .max(2000)
const wholeNumber = (field: string) =>
  z
    .string()
    .regex(/^\d{1,12}$/, `${field} must be a whole number`)
    .transform(Number)
const many = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item)]).transform((value) => (Array.isArray(value) ? value : [value]))

export const paginationQuerySchema = z.object({
  before: cursor.optional(),
  after: cursor.optional(),
  offset: wholeNumber('offset').optional(),
  limit: wholeNumber('limit')
    .pipe(z.number().max(maxPageLimit, `limit must be at most ${maxPageLimit}`))
    .optional(),
  sorting_keys: many(z.string().min(1).max(64)).optional(),
  sorting_order: many(z.enum(pageOrders)).optional(),
})
export type PaginationQuery = z.infer<typeof paginationQuerySchema>

export const pageInfoSchema = z.object({
  currentRequestPagination: z.object({
    parameters: z.record(z.string(), z.array(z.string())),
    after: z.string().optional(),
    before: z.string().optional(),
    limit: z.number().int().optional(),
    offset: z.number().int().optional(),
    sortingKeys: z.array(z.string()).optional(),
    sortingOrder: z.array(z.enum(pageOrders)).optional(),
  }),
  hasNextPage: z.boolean(),
  hasPreviousPage: z.boolean(),
  startCursor: z.string().optional(),
  endCursor: z.string().optional(),
  total: z.number().int().optional(),
})
export type PageInfo = z.infer<typeof pageInfoSchema>

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31]
  while (out.length % 8 !== 0) out += '='
  return out
}

export function base32Decode(text: string): Uint8Array | undefined {
  const clean = text.replace(/=+$/, '')
  const bytes: number[] = []
  let bits = 0
  let value = 0
  for (const char of clean) {
    const index = alphabet.indexOf(char)
    if (index < 0) return undefined
    value = ((value << 5) | index) & 0xffff
    bits += 5
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Uint8Array.from(bytes)
}

export type CursorValue = string | number

export function encodeCursor(values: readonly CursorValue[]): string {
  return base32Encode(new TextEncoder().encode(JSON.stringify(values)))
}

/** The cursor's values, or undefined when it is not one of ours or has the wrong arity. */
export function decodeCursor(text: string, arity: number): CursorValue[] | undefined {
  const bytes = base32Decode(text)
  if (bytes === undefined) return undefined
  try {
    const parsed: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
    if (!Array.isArray(parsed) || parsed.length !== arity) return undefined
    if (!parsed.every((v) => typeof v === 'string' || typeof v === 'number')) return undefined
    return parsed as CursorValue[]
  } catch {
    return undefined
  }
}
