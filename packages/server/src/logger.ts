// A minimal injected logger: one line per message to a writable, or nothing at all.

export type Logger = {
  info(message: string): void
  warn(message: string): void
  error(message: string, error?: unknown): void
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} }

export function streamLogger(write: (line: string) => void): Logger {
  const stamp = () => new Date().toISOString()
  return {
    info: (message) => write(`${stamp()} info  ${message}\n`),
    warn: (message) => write(`${stamp()} warn  ${message}\n`),
    error: (message, error) =>
      write(
        `${stamp()} error ${message}${error instanceof Error ? `: ${error.stack ?? error.message}` : ''}\n`,
      ),
  }
}
