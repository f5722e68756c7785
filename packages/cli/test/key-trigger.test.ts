// The claimer's interactive keys: on a terminal, `t` and Enter trigger a pass, `q` and Ctrl+C
// stop; raw mode is on only while watching; nothing happens when the input is not a terminal.
import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { watchKeys } from '../src/key-trigger.ts'

function terminal(isTTY = true) {
  const events = new EventEmitter()
  const modes: boolean[] = []
  return {
    modes,
    input: {
      isTTY,
      setRawMode: (mode: boolean) => modes.push(mode),
      on: (event: 'data', listener: (chunk: Buffer | string) => void) => events.on(event, listener),
      off: (event: 'data', listener: (chunk: Buffer | string) => void) =>
        events.off(event, listener),
      resume: () => undefined,
      pause: () => undefined,
    },
    type: (text: string) => events.emit('data', Buffer.from(text)),
  }
}

describe('watchKeys', () => {
  it('triggers on t and Enter, quits on q and Ctrl+C, and restores the terminal', () => {
    const t = terminal()
    const seen: string[] = []
    const stop = watchKeys(t.input, {
      onTrigger: () => seen.push('trigger'),
      onQuit: () => seen.push('quit'),
    })
    t.type('t')
    t.type('\r')
    t.type('x')
    t.type('q\u0003')
    expect(seen).toEqual(['trigger', 'trigger', 'quit', 'quit'])
    stop()
    t.type('t')
    expect(seen).toHaveLength(4)
    expect(t.modes).toEqual([true, false])
  })

  it('does nothing when the input is not a terminal', () => {
    const t = terminal(false)
    const seen: string[] = []
    watchKeys(t.input, { onTrigger: () => seen.push('trigger'), onQuit: () => seen.push('quit') })
    t.type('tq')
    expect(seen).toEqual([])
    expect(t.modes).toEqual([])
  })
})
