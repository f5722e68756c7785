// Terminals for App tests: rendering at a chosen size, a stdin to type into, and (from wait.ts)
// ANSI-stripped frames and waiting on a predicate.
import { EventEmitter } from 'node:events'
import { render } from 'ink'
import type { ReactElement } from 'react'

export { frameText, waitFor } from './wait.ts'
import { frameText } from './wait.ts'

class SizedStdout extends EventEmitter {
  frames: string[] = []
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super()
  }
  write = (frame: string) => {
    this.frames.push(frame)
    return true
  }
}

/** A terminal's input that a test types into (`write`), as ink-testing-library's. */
export class TestStdin extends EventEmitter {
  isTTY = true
  private data: string | null = null
  write(data: string) {
    this.data = data
    this.emit('readable')
    this.emit('data', data)
  }
  read = () => {
    const data = this.data
    this.data = null
    return data
  }
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

/** A terminal of the size given that keeps every frame written. */
export const sizedStdout = (columns: number, rows: number) => new SizedStdout(columns, rows)

/** Renders like ink-testing-library but with the terminal size given. */
export function renderAt(tree: ReactElement, size: { columns: number; rows: number }) {
  const stdout = new SizedStdout(size.columns, size.rows)
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: new TestStdin() as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  })
  return {
    unmount: instance.unmount,
    frame: () => frameText(stdout.frames.at(-1)),
  }
}
