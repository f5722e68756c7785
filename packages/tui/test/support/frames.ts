// Frame helpers for App tests: ANSI stripped frames, waiting on a predicate with a bounded
// timeout (never a fixed sleep), and rendering at a chosen terminal size.
import { EventEmitter } from 'node:events'
import { render } from 'ink'
import type { ReactElement } from 'react'

// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;?]*[A-Za-z]/g

/** A frame as plain text: no ANSI codes, no-break spaces shown as the spaces they look like. */
export const frameText = (frame: string | undefined): string =>
  (frame ?? '').replace(ansi, '').replaceAll('\u00a0', ' ')

export async function waitFor(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`)
    await new Promise((resolve) => setImmediate(resolve))
  }
}

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

class QuietStdin extends EventEmitter {
  isTTY = true
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => null
}

/** Renders like ink-testing-library but with the terminal size given. */
export function renderAt(tree: ReactElement, size: { columns: number; rows: number }) {
  const stdout = new SizedStdout(size.columns, size.rows)
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: new QuietStdin() as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  })
  return {
    unmount: instance.unmount,
    frame: () => frameText(stdout.frames.at(-1)),
  }
}
