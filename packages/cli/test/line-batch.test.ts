// The request log's batches: lines of one turn of the event loop go out in one write, in order,
// and flush() writes what waits at once; a failing write is reported once and serving goes on.
import { describe, expect, it } from 'vitest'
import { lineBatch } from '../src/line-batch.ts'

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('lineBatch', () => {
  it('writes the lines of one turn together, in order, after the turn', async () => {
    const writes: string[] = []
    const batch = lineBatch(
      (text) => writes.push(text),
      () => {},
    )
    batch.add('a\n')
    batch.add('b\n')
    expect(writes).toEqual([])
    await nextTurn()
    batch.add('c\n')
    await nextTurn()
    expect(writes).toEqual(['a\nb\n', 'c\n'])
  })

  it('flush writes at once, and 256 waiting lines are written without waiting', () => {
    const writes: string[] = []
    const batch = lineBatch(
      (text) => writes.push(text),
      () => {},
    )
    batch.add('x\n')
    batch.flush()
    expect(writes).toEqual(['x\n'])
    for (let i = 0; i < 256; i++) batch.add(`${i}\n`)
    expect(writes).toHaveLength(2)
    expect(writes[1]!.split('\n')).toHaveLength(257)
  })

  it('reports a failed write once and keeps taking lines', async () => {
    const errors: unknown[] = []
    let calls = 0
    const batch = lineBatch(
      () => {
        calls++
        throw new Error('disk full')
      },
      (error) => errors.push(error),
    )
    batch.add('a\n')
    batch.flush()
    batch.add('b\n')
    await nextTurn()
    expect(calls).toBe(2)
    expect(errors).toHaveLength(1)
  })
})
