// A strict reading of any zod schema, for checking the fake's answers: `deepStrict(schema)` is the
// same schema with every object, at every depth (inside arrays, records, unions, optional and
// nullable wrappers, pipes), refusing keys it does not define. Everything else is kept as it is:
// required fields, nullability, enums, formats and refinements (a clone keeps the checks). The
// contract's response schemas strip unknown keys so that a client keeps working when Pleo adds a
// field; a fake that sent one would pass them unseen, so the tour reads every answer this way.
import { z } from 'zod'

type AnyDef = Record<string, unknown> & { type: string }

const strictCopies = new WeakMap<z.ZodType, z.ZodType>()

/** Schema kinds that hold no other schema: returned as they are. */
const leaves = new Set([
  'string',
  'number',
  'int',
  'boolean',
  'bigint',
  'symbol',
  'null',
  'undefined',
  'void',
  'never',
  'any',
  'unknown',
  'date',
  'enum',
  'literal',
  'nan',
  'template_literal',
  'file',
  'transform',
  'custom',
])

const isSchema = (value: unknown): value is z.ZodType => value instanceof z.ZodType

function strictValue(value: unknown): unknown {
  if (isSchema(value)) return strictOf(value)
  if (Array.isArray(value) && value.every(isSchema)) return value.map(strictOf)
  return value
}

function strictOf(schema: z.ZodType): z.ZodType {
  const done = strictCopies.get(schema)
  if (done) return done
  const def = schema._zod.def as unknown as AnyDef
  if (leaves.has(def.type)) return schema
  if (def.type === 'lazy' || def.type === 'promise' || def.type === 'function') {
    throw new Error(`deepStrict: a ${def.type} schema cannot be made strict; describe it directly`)
  }
  const next: AnyDef = { ...def }
  for (const [key, value] of Object.entries(def)) {
    if (key !== 'checks') next[key] = strictValue(value)
  }
  if (def.type === 'object') {
    const shape = def.shape as Record<string, z.ZodType>
    next.shape = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, strictOf(v)]))
    next.catchall = z.never()
  }
  const copy = schema.clone(next as unknown as typeof schema._zod.def)
  strictCopies.set(schema, copy)
  return copy
}

/** `schema` with every object at every depth refusing unknown keys (`.strict()` all the way down). */
export function deepStrict<T extends z.ZodType>(schema: T): T {
  return strictOf(schema) as T
}
