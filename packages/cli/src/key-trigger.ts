// The claimer's interactive trigger: on a terminal, pressing `t` (or Enter) runs a pass at once,
// `q` (or Ctrl+C) stops. Raw mode is switched on only while watching, and restored on stop.

export type KeyInput = {
  isTTY?: boolean
  setRawMode?(mode: boolean): unknown
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown
  resume(): unknown
  pause(): unknown
}

export type KeyHandlers = { onTrigger(): void; onQuit(): void }

/** Watches the keys when `input` is a terminal; returns the function that stops watching. */
export function watchKeys(input: KeyInput, handlers: KeyHandlers): () => void {
  if (!input.isTTY || !input.setRawMode) return () => undefined
  const listener = (chunk: Buffer | string) => {
    for (const key of chunk.toString()) {
      if (key === 't' || key === '\r' || key === '\n') handlers.onTrigger()
      else if (key === 'q' || key === '\u0003') handlers.onQuit()
    }
  }
  input.setRawMode(true)
  input.on('data', listener)
  input.resume()
  return () => {
    input.off('data', listener)
    input.setRawMode?.(false)
    input.pause()
  }
}
