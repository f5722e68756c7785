// Waiting in tests without Ink loaded: ANSI-stripped frames and waiting on a predicate with a
// bounded timeout (never a fixed sleep).

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
